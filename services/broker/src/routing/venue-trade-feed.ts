import { Logger } from '@nestjs/common';
import { contracts } from '@tradeforge/core';
import type { Instrument, Tick, VenueAdapter, VenueStreamStatus } from '@tradeforge/core';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { TickConflator } from './tick-conflator.js';

/** A venue whose trades the feed may stream: its adapter and the instruments configured on it. */
export interface TradeFeedSource {
  readonly venue: string;
  readonly adapter: VenueAdapter;
  readonly instruments: readonly Instrument[];
}

/** A venue stream's state as the feed reports it: `waiting` until the venue's start-up succeeded. */
export type TradeFeedState = 'waiting' | VenueStreamStatus['state'];

export interface VenueTradeFeedOptions {
  readonly bus: EventBus;
  /** At most one tick per instrument per this many ms. @default 250 */
  readonly conflateMs?: number;
  /** Where status changes are told. @default Nest's Logger('VenueTradeFeed') */
  readonly log?: { log(line: string): void; warn(line: string): void };
}

/**
 * Venues' public trades onto the bus: for each live venue whose adapter streams trades
 * (`subscribeTrades` and `capabilities.marketDataStream`), one subscription for its configured
 * instruments, its ticks conflated (`TickConflator`) and published as `market.tick` on the
 * market-ticks topic. Each stream's state is kept for metrics and logged when it changes.
 *
 * Nothing else waits for it: orders, reconciliation and `/ready` never depend on a stream, so a
 * venue whose stream is down still trades. A tick that cannot be published is dropped (counted
 * in `publishErrors`): the next one supersedes it, unlike a fill, which must never be lost.
 */
export class VenueTradeFeed {
  /** Ticks handed to the bus. */
  published = 0;
  publishErrors = 0;
  private readonly states = new Map<string, TradeFeedState>();
  private readonly unsubscribes = new Map<string, () => Promise<void>>();
  private readonly conflator: TickConflator;
  private readonly log: NonNullable<VenueTradeFeedOptions['log']>;
  private closed = false;

  constructor(private readonly options: VenueTradeFeedOptions) {
    this.conflator = new TickConflator((tick) => this.publish(tick), options.conflateMs ?? 250);
    this.log = options.log ?? new Logger('VenueTradeFeed');
  }

  /** Whether `source` can be streamed at all (its adapter subscribes, it has instruments). */
  static streams(source: TradeFeedSource): boolean {
    return (
      source.adapter.capabilities.marketDataStream &&
      typeof source.adapter.subscribeTrades === 'function' &&
      source.instruments.length > 0
    );
  }

  /**
   * Subscribes to `source`'s trades once `after` resolves (the venue's start-up: a venue that
   * cannot be reached yet is not hammered by a stream as well). Resolves once subscribed (or
   * skipped: a venue without a stream, or the feed closed meanwhile). Never rejects.
   */
  async add(source: TradeFeedSource, after: Promise<void> = Promise.resolve()): Promise<void> {
    if (!VenueTradeFeed.streams(source) || this.closed) return;
    this.states.set(source.venue, 'waiting');
    await after;
    if (this.closed) return;
    try {
      const unsubscribe = await source.adapter.subscribeTrades!(
        source.instruments,
        (tick) => this.conflator.offer(tick),
        (status) => this.statusChanged(source.venue, status),
      );
      if (this.closed) return await unsubscribe();
      this.unsubscribes.set(source.venue, unsubscribe);
    } catch (error) {
      // subscribeTrades reconnects by itself and should not throw; if one does, that venue has no feed.
      this.states.set(source.venue, 'closed');
      this.log.warn(`${source.venue} trade stream could not start: ${(error as Error).message}`);
    }
  }

  /** Each streamed venue's state, for the `tradeforge_venue_stream_up` gauge. */
  stateOf(): ReadonlyMap<string, TradeFeedState> {
    return this.states;
  }

  /** Unsubscribes every stream (closing its socket) and drops pending ticks. */
  async close(): Promise<void> {
    this.closed = true;
    this.conflator.close();
    const unsubscribes = [...this.unsubscribes.values()];
    this.unsubscribes.clear();
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe().catch(() => undefined)));
  }

  /** Ticks replaced by a later one before they were published. */
  get conflated(): number {
    return this.conflator.conflated;
  }

  private statusChanged(venue: string, status: VenueStreamStatus): void {
    this.states.set(venue, status.state);
    if (status.state === 'reconnecting')
      this.log.warn(`${venue} trade stream reconnecting (attempt ${status.attempt}): ${status.reason}`);
    else this.log.log(`${venue} trade stream ${status.state}`);
  }

  private publish(tick: Tick): void {
    this.published += 1;
    void this.options.bus
      .publish(PLATFORM_TOPICS.marketTicks, contracts.toTickMessage(tick))
      .catch(() => (this.publishErrors += 1));
  }
}
