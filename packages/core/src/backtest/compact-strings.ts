// 15 decimal digits always parse to an exact integer (below 2^53) and print back unchanged.
const MAX_COUNTER_DIGITS = 15;
const INITIAL_CAPACITY = 1024;

/**
 * An append-only column of strings for a run's results, kept without one string object per row.
 * Ids in a backtest are a fixed prefix and a counter (`sma-crossover-0-17`, `SIM-T41`, `SIM-O9`),
 * and strategy, instrument and venue names repeat on every row; keeping tens of thousands of them
 * as separate heap objects made the garbage collector copy them again and again during the run.
 * Each row is a prefix from a small table plus a counter in a typed array, and `get` rebuilds the
 * exact string: only canonical counters (no leading zero, at most 15 digits) are split off, so
 * prefix + counter always prints back to the original. Any other string is its own "prefix".
 */
export class CompactStrings {
  private readonly prefixes: string[] = [];
  private readonly prefixIndex = new Map<string, number>();
  private lastPrefix: string | undefined;
  private lastPrefixSlot = 0;
  private slots = new Int32Array(INITIAL_CAPACITY);
  // The counter of each row, or -1 when the row is its prefix alone.
  private counters = new Float64Array(INITIAL_CAPACITY);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: string): void {
    const length = value.length;
    let start = length;
    while (start > 0) {
      const code = value.charCodeAt(start - 1);
      if (code < 48 || code > 57) break;
      start -= 1;
    }
    const digits = length - start;
    let counter = -1;
    if (digits > 0 && digits <= MAX_COUNTER_DIGITS && (digits === 1 || value.charCodeAt(start) !== 48)) {
      counter = 0;
      for (let i = start; i < length; i++) counter = counter * 10 + (value.charCodeAt(i) - 48);
    } else {
      start = length;
    }
    if (this.count === this.slots.length) this.grow();
    this.slots[this.count] = this.slotOf(value, start);
    this.counters[this.count] = counter;
    this.count += 1;
  }

  get(row: number): string {
    if (!(row >= 0 && row < this.count)) throw new RangeError(`row ${row} of ${this.count}`);
    const prefix = this.prefixes[this.slots[row]!]!;
    const counter = this.counters[row]!;
    return counter < 0 ? prefix : prefix + counter;
  }

  /** The table slot of `value`'s first `end` characters; sliced only when it is a new prefix. */
  private slotOf(value: string, end: number): number {
    const last = this.lastPrefix;
    if (last !== undefined && last.length === end && value.startsWith(last)) return this.lastPrefixSlot;
    const prefix = value.slice(0, end);
    let slot = this.prefixIndex.get(prefix);
    if (slot === undefined) {
      slot = this.prefixes.length;
      this.prefixes.push(prefix);
      this.prefixIndex.set(prefix, slot);
    }
    this.lastPrefix = prefix;
    this.lastPrefixSlot = slot;
    return slot;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    slots.set(this.slots);
    this.slots = slots;
    const counters = new Float64Array(this.counters.length * 2);
    counters.set(this.counters);
    this.counters = counters;
  }
}
