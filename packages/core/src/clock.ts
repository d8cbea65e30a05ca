/**
 * Time as the domain sees it. Everything in core reads time through a Clock so the same code runs
 * against wall time (live, paper) and against replayed event time (backtest). Times are Unix epoch
 * milliseconds.
 */
export interface Clock {
  now(): number;
}

/** Wall-clock time for live and paper trading. */
export class LiveClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/**
 * Event time for replays: the backtest engine advances it to each event's timestamp before the
 * event is dispatched, so strategies, risk rate limits and order events all see replayed time.
 */
export class ReplayClock implements Clock {
  private current: number;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward; replayed time never runs backwards. */
  advanceTo(ts: number): void {
    if (ts > this.current) this.current = ts;
  }
}
