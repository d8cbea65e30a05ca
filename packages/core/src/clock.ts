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
  // Initialised here with a number, not only in the constructor: a class field declared without
  // a value is first defined as undefined, and V8 then stores every later double in it as a new
  // heap number — an allocation per replayed event.
  private current = 0;

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
