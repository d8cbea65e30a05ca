import type { ExecutionAnomaly } from '../execution/execution-engine.js';
import type { Fill } from '../model/order-events.js';
import type { AccountSnapshot } from '../portfolio/account.js';
import type { DenialCode } from '../risk/denial-codes.js';
import type { PerformanceMetrics } from './metrics.js';
import type { RoundTrip } from './trade-log.js';

export interface OrderCounts {
  submitted: number;
  denied: number;
  rejected: number;
  filled: number;
  canceled: number;
  expired: number;
}

export interface BacktestResult {
  readonly strategyId: string;
  readonly instrumentId: string;
  /** Market data events replayed (bars or ticks). */
  readonly events: number;
  /** Event timestamps and the equity after each event. */
  readonly timestamps: Float64Array;
  readonly equity: Float64Array;
  /**
   * Every fill, in order. The run keeps fills and round trips in columns; these arrays of objects
   * are built when first read.
   */
  readonly fills: readonly Fill[];
  readonly roundTrips: readonly RoundTrip[];
  readonly orders: Readonly<OrderCounts>;
  readonly denials: Readonly<Partial<Record<DenialCode, number>>>;
  readonly finalAccount: AccountSnapshot;
  readonly metrics: PerformanceMetrics;
  readonly anomalies: readonly ExecutionAnomaly[];
}
