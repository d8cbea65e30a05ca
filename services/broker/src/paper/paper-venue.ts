import { DEFAULT_SIMULATED_VENUE, LiveClock, SimulatedVenue } from '@tradeforge/core';
import type { Instrument } from '@tradeforge/core';

/**
 * The paper venue: core's simulated venue (fees, slippage, latency, partial fills, queue
 * position) on a live clock, matching against the bars on the bus.
 */
export function createPaperVenue(instruments: readonly Instrument[]): SimulatedVenue {
  return new SimulatedVenue(
    { ...DEFAULT_SIMULATED_VENUE, venue: 'paper' },
    new Map(instruments.filter((i) => i.venue === 'paper').map((i) => [i.id, i])),
    new LiveClock(),
    Date.now(),
  );
}
