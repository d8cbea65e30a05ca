import { DEFAULT_SIMULATED_VENUE, LiveClock, SimulatedVenue } from '@tradeforge/core';
import type { Instrument } from '@tradeforge/core';

/**
 * The paper venue: core's simulated venue (fees, slippage, latency, partial fills, queue
 * position) on a live clock, matching against the bars on the bus. Its ids carry the start time
 * (`paper-<t>-T1`): a restarted broker counts trades from 1 again, and fills are kept once per
 * (venue, trade id), so ids repeated from an earlier run would drop the new fills as duplicates.
 */
export function createPaperVenue(instruments: readonly Instrument[], startedAt = Date.now()): SimulatedVenue {
  return new SimulatedVenue(
    { ...DEFAULT_SIMULATED_VENUE, venue: 'paper', idPrefix: `paper-${startedAt.toString(36)}` },
    new Map(instruments.filter((i) => i.venue === 'paper').map((i) => [i.id, i])),
    new LiveClock(),
    Date.now(),
  );
}
