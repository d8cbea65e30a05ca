import type { EventBus, Subscription } from '../bus/event-bus.js';
import { PLATFORM_TOPICS } from '../generated/platform-topics.js';

/** What happened since the last report, from the order events and account snapshots on the bus. */
interface Tally {
  submitted: number;
  denied: number;
  filled: number;
  equity: number | undefined;
}

/**
 * A line of platform activity every `intervalMs` while `npm start` runs, so a terminal shows the
 * platform trading without opening the dashboard. Returns a function that stops it.
 */
export async function reportActivity(
  bus: EventBus,
  write: (line: string) => void,
  intervalMs = 60_000,
): Promise<() => Promise<void>> {
  const tally: Tally = { submitted: 0, denied: 0, filled: 0, equity: undefined };
  const subscription: Subscription = await bus.subscribe({
    groupId: 'launcher-activity',
    topics: [PLATFORM_TOPICS.orderEvents, PLATFORM_TOPICS.positions],
    startFrom: 'latest',
    handler: ({ message }) => {
      if (message.type === 'order.submitted') tally.submitted += 1;
      else if (message.type === 'order.denied') tally.denied += 1;
      else if (message.type === 'order.filled') tally.filled += 1;
      else if (message.type === 'account.snapshot') tally.equity = message.equity;
    },
  });
  const timer = setInterval(() => {
    const equity = tally.equity === undefined ? 'no fills yet' : `equity ${tally.equity.toFixed(2)}`;
    write(
      `${new Date().toISOString().slice(11, 19)} last ${intervalMs / 1000} s: ${tally.submitted} orders to the venue, ` +
        `${tally.filled} fills, ${tally.denied} denied by risk; ${equity}\n`,
    );
    tally.submitted = tally.denied = tally.filled = 0;
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await subscription.stop();
  };
}
