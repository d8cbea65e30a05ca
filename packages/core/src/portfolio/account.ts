import type { PositionSnapshot } from '../model/position.js';

/** The account at one instant: what the dashboard shows and what the bus publishes. */
export interface AccountSnapshot {
  readonly ts: number;
  readonly currency: string;
  readonly cash: number;
  /** cash + Σ position market value. */
  readonly equity: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly fees: number;
  /** Σ |position market value|. */
  readonly grossExposure: number;
  readonly positions: readonly PositionSnapshot[];
}
