import type { VenueEvent } from '@tradeforge/core';
import { BusNotRunningError, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';

/**
 * Publishes venues' answers: every event on the order-events topic, fills also on the fills
 * topic (the portfolio's input). A restarted broker may apply fills from its start-up
 * reconciliation before the service's bus has started delivering (Nest initialises modules
 * first): such events are held, in order, and sent once the bus runs, never dropped.
 */
export class VenueEventPublisher {
  private held: VenueEvent[] = [];
  private retry: NodeJS.Timeout | undefined;
  /** Publishing failures other than a bus that has not started yet (logged by the caller's owner). */
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

  /** Stops retrying held events (the broker is closing). */
  close(): void {
    clearTimeout(this.retry);
  }

  private async send(event: VenueEvent): Promise<void> {
    await this.bus.publish(PLATFORM_TOPICS.orderEvents, event);
    if (event.type === 'order.filled') await this.bus.publish(PLATFORM_TOPICS.fills, event);
  }

  private hold(event: VenueEvent, error: unknown): void {
    if (!busNotStarted(error)) {
      this.errors.push(error);
      return;
    }
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
        if (busNotStarted(error)) {
          this.retry = setTimeout(() => void this.flush(), this.retryMs);
          return;
        }
        this.errors.push(error);
      }
      this.held.shift();
    }
  }
}

function busNotStarted(error: unknown): boolean {
  return error instanceof BusNotRunningError && error.message.includes('not started');
}
