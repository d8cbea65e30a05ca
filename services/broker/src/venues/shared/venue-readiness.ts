import type { CircuitState } from './circuit-breaker.js';
import type { ResilientCaller } from './resilient-caller.js';
import type { VenueReconciler } from './venue-reconciler.js';

/** A venue's health as `/ready` and metrics show it (same shape as the runtime's probe results). */
export interface VenueStatus {
  readonly status: 'up' | 'down';
  readonly detail: string;
  readonly circuit: CircuitState;
  readonly tradingAllowed: boolean;
}

/**
 * Down while the venue's circuit is open or its positions have not reconciled: the broker must
 * not route orders there (fail closed). Half-open counts as up: the trial call decides.
 */
export function venueStatus(venue: string, caller: ResilientCaller, reconciler: VenueReconciler): VenueStatus {
  const circuit = caller.breaker.state;
  const tradingAllowed = reconciler.tradingAllowed && circuit !== 'open';
  const last = reconciler.last;
  let detail = `${venue}: circuit ${circuit}`;
  if (last === undefined) detail += ', not reconciled yet';
  else if (last.positions.status !== 'reconciled') detail += `, positions ${last.positions.status}`;
  else if (last.foreignOrders.length > 0) detail += `, ${last.foreignOrders.length} open orders we do not know`;
  else detail += ', reconciled';
  return { status: tradingAllowed ? 'up' : 'down', detail, circuit, tradingAllowed };
}
