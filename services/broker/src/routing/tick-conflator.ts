import type { Tick } from '@tradeforge/core';

/**
 * At most one tick per instrument per `windowMs`, the latest one winning: the first tick after a
 * quiet window goes out at once, later ones wait for the window's end and replace each other.
 * A real venue prints tens of trades a second on a busy market, and the bus is not a tick store:
 * strategies and marks want the current price, not every print, so the ones in between are
 * dropped here instead of flooding the topic (and Kafka) with them.
 */
export class TickConflator {
  /** Ticks replaced by a later one before they were sent. */
  conflated = 0;
  private readonly lastSentAt = new Map<string, number>();
  private readonly pending = new Map<string, Tick>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly send: (tick: Tick) => void,
    private readonly windowMs = 250,
    private readonly now: () => number = () => Date.now(),
  ) {}

  offer(tick: Tick): void {
    const id = tick.instrumentId;
    if (this.timers.has(id)) {
      if (this.pending.has(id)) this.conflated += 1;
      this.pending.set(id, tick);
      return;
    }
    const waitMs = (this.lastSentAt.get(id) ?? -Infinity) + this.windowMs - this.now();
    if (waitMs <= 0) return this.emit(tick);
    this.pending.set(id, tick);
    const timer = setTimeout(() => this.flush(id), waitMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Drops what is pending and its timers (the feed is closing). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private flush(id: string): void {
    this.timers.delete(id);
    const tick = this.pending.get(id);
    this.pending.delete(id);
    if (tick !== undefined) this.emit(tick);
  }

  private emit(tick: Tick): void {
    this.lastSentAt.set(tick.instrumentId, this.now());
    this.send(tick);
  }
}
