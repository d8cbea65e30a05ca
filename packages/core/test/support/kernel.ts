import { ReplayClock } from '../../src/clock.js';
import { ExecutionEngine } from '../../src/execution/execution-engine.js';
import type { VenueClient, VenueEvent, VenueEventSink } from '../../src/execution/venue-client.js';
import type { Instrument } from '../../src/model/instrument.js';
import type { OrderView } from '../../src/model/order-view.js';
import { Portfolio } from '../../src/portfolio/portfolio.js';
import { RiskEngine } from '../../src/risk/risk-engine.js';
import { resolveRiskLimits } from '../../src/risk/risk-limits.js';
import type { RiskLimits } from '../../src/risk/risk-limits.js';
import { BTC, UNITS } from './fixtures.js';

/** A venue that records what it was asked and lets the test answer. */
export class RecordingVenue implements VenueClient {
  readonly venue = 'SIM';
  readonly submitted: OrderView[] = [];
  readonly canceled: OrderView[] = [];
  readonly queried: OrderView[] = [];
  private sink: VenueEventSink | undefined;

  connect(sink: VenueEventSink): void {
    this.sink = sink;
  }
  submitOrder(order: OrderView): void {
    this.submitted.push(order);
  }
  cancelOrder(order: OrderView): void {
    this.canceled.push(order);
  }
  queryOrder(order: OrderView): void {
    this.queried.push(order);
  }
  send(event: VenueEvent): void {
    this.sink?.onVenueEvent(event);
  }
}

export function makeKernel(limits: Partial<RiskLimits> = {}, cash = 100_000) {
  const clock = new ReplayClock(Date.UTC(2024, 0, 1, 12));
  const venue = new RecordingVenue();
  const portfolio = new Portfolio(cash);
  const risk = new RiskEngine(resolveRiskLimits(limits), clock);
  const instruments = new Map<string, Instrument>([
    [UNITS.id, UNITS],
    [BTC.id, BTC],
  ]);
  const execution = new ExecutionEngine({ clock, venue, risk, portfolio, instruments });
  execution.updatePrice(UNITS.id, 100);
  execution.updatePrice(BTC.id, 50_000);
  return { clock, venue, portfolio, risk, execution };
}

export function header(order: OrderView, ts = 0) {
  return {
    version: 1,
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    ts,
  } as const;
}
