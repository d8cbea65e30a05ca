import type { VenueEvent } from '@tradeforge/core';
import { BusNotRunningError, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';

/**
 * Publishes venues' answers: every event on the order-events topic, fills also on the fills
 * topic (the portfolio's input). An event that cannot be published yet is held, in order, and
 * sent again until the bus takes it, never dropped: a restarted broker may apply fills from its
 * start-up reconciliation before the service's bus has started delivering (Nest initialises
 * modules first), and while Kafka restarts every publish fails. A fill is the venue's word
 * that it traded; dropping it would leave the order open for good. (A retry after a publish
 * that did reach Kafka repeats the event: consumers keep fills once per venue and trade id.)
 */
export class VenueEventPublisher {
  private held: VenueEvent[] = [];
  private retry: NodeJS.Timeout | undefined;
  /** Publishing failures other than a bus that has not started yet, each retried (logged by the caller's owner). */
  readonly errors: unknown[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly retryMs = 100,
  ) {}

  publish(event: VenueEvent): void {
    if (this.held.length > 0) {
      this.held.push(event);
      return;
    }
    void this.send(event).catch((error: unknown) => this.hold(event, error));
  }

  private recordError(error: unknown): void {
    this.errors.push(error);
    if (this.errors.length > ERRORS_KEPT) this.errors.shift();
  }

  /** Stops retrying held events (the broker is closing). */
  close(): void {
    clearTimeout(this.retry);
  }

  private async send(event: VenueEvent): Promise<void> {
    await this.bus.publish(PLATFORM_TOPICS.orderEvents, event);
    if (event.type === 'order.filled') await this.bus.publish(PLATFORM_TOPICS.fills, event);
  }

  private hold(event: VenueEvent, error: unknown): void {
    if (!busNotStarted(error)) this.recordError(error);
    this.held.push(event);
    this.retry ??= setTimeout(() => void this.flush(), this.retryMs);
  }

  /** Sends held events in order; new events queue behind them meanwhile. */
  private async flush(): Promise<void> {
    this.retry = undefined;
    while (this.held.length > 0) {
      try {
        await this.send(this.held[0]!);
      } catch (error) {
        if (!busNotStarted(error)) this.recordError(error);
        // Kafka away: back off up to a second between tries, keeping the order of the events.
        const waitMs = busNotStarted(error) ? this.retryMs : Math.min(this.retryMs * 10, 1_000);
        this.retry = setTimeout(() => void this.flush(), waitMs);
        return;
      }
      this.held.shift();
    }
  }
}

const ERRORS_KEPT = 100;

function busNotStarted(error: unknown): boolean {
  return error instanceof BusNotRunningError && error.message.includes('not started');
}
