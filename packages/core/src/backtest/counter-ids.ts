// 15 decimal digits always parse to an exact integer (below 2^53) and print back unchanged.
const MAX_COUNTER_DIGITS = 15;
const INITIAL_CAPACITY = 1024;

/**
 * An append-only column of ids kept without a string object per row. Ids in a run are a fixed
 * prefix and a counter (`sma-crossover-0-17`, `SIM-T41`); a run keeps one per fill, and tens of
 * thousands of retained id strings were most of what the young-generation collector still had
 * to copy. Each row is a counter in a typed array plus the index of its prefix in a small table,
 * and `get` rebuilds the exact string: only canonical counters (no leading zero, at most 15
 * digits) are split off, so prefix + counter always prints back to the original. Any other id is
 * kept whole as its own prefix, so every string round-trips.
 */
export class CounterIds {
  private readonly prefixes: string[] = [];
  private readonly slotByPrefix = new Map<string, number>();
  private lastPrefix = '';
  private lastSlot = -1;
  private slots = new Int32Array(INITIAL_CAPACITY);
  // The counter of each row, or -1 when the row is its prefix alone.
  private counters = new Float64Array(INITIAL_CAPACITY);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(id: string): void {
    const length = id.length;
    let start = length;
    while (start > 0) {
      const code = id.charCodeAt(start - 1);
      if (code < 48 || code > 57) break;
      start -= 1;
    }
    const digits = length - start;
    let counter = -1;
    if (digits > 0 && digits <= MAX_COUNTER_DIGITS && (digits === 1 || id.charCodeAt(start) !== 48)) {
      counter = 0;
      for (let i = start; i < length; i++) counter = counter * 10 + (id.charCodeAt(i) - 48);
    } else {
      start = length;
    }
    if (this.count === this.slots.length) this.grow();
    this.slots[this.count] = this.samePrefix(id, start) ? this.lastSlot : this.slotOf(id.slice(0, start));
    this.counters[this.count] = counter;
    this.count += 1;
  }

  get(row: number): string {
    if (!(row >= 0 && row < this.count)) throw new RangeError(`row ${row} of ${this.count}`);
    const prefix = this.prefixes[this.slots[row]!]!;
    const counter = this.counters[row]!;
    return counter < 0 ? prefix : prefix + counter;
  }

  /** True if `id`'s first `end` characters are the previous row's prefix (no string is made). */
  private samePrefix(id: string, end: number): boolean {
    const last = this.lastPrefix;
    if (this.lastSlot < 0 || last.length !== end) return false;
    // From the end: prefixes of different id kinds differ near their end (`SIM-T`, `SIM-O`).
    for (let i = end - 1; i >= 0; i--) if (id.charCodeAt(i) !== last.charCodeAt(i)) return false;
    return true;
  }

  private slotOf(prefix: string): number {
    let slot = this.slotByPrefix.get(prefix);
    if (slot === undefined) {
      slot = this.prefixes.length;
      this.prefixes.push(prefix);
      this.slotByPrefix.set(prefix, slot);
    }
    this.lastPrefix = prefix;
    this.lastSlot = slot;
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
