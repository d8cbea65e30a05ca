// Bits per word of the bitmap, and the largest counter range it may cover (2^24 trades = 2 MB):
// a counter further from the first one seen goes to the Set instead of growing the bitmap.
const WORD_BITS = 32;
const MAX_BITMAP_BITS = 1 << 24;
const INITIAL_WORDS = 256;
// 15 decimal digits always parse to an exact integer (below 2^53).
const MAX_COUNTER_DIGITS = 15;

/**
 * The trade ids one venue has reported, for fill dedupe by (venue, trade id). Venues number their
 * executions, so an id is nearly always a fixed prefix and a counter (`SIM-T41`, `T-1000017`):
 * those are kept as bits of a bitmap indexed by the counter — exact, a bit per trade and no string
 * hashing (a hash set of tens of thousands of fresh strings cost more than the rest of a backtest's
 * fill path). Every other id (another prefix, a counter with leading zeros or far from the first
 * one) goes to an ordinary Set. Which of the two holds an id depends only on the id and the first
 * id seen, so a repeated id is always looked up where it was stored.
 */
export class TradeIdSet {
  private prefix: string | undefined;
  private base = 0;
  private bits = new Uint32Array(0);
  private count = 0;
  private readonly others = new Set<string>();

  /** Number of distinct ids added. */
  get size(): number {
    return this.count + this.others.size;
  }

  /** Adds the id; false if it was already there. */
  add(tradeId: string): boolean {
    const index = this.bitIndex(tradeId);
    if (index < 0) {
      const before = this.others.size;
      this.others.add(tradeId);
      return this.others.size !== before;
    }
    const word = index >>> 5;
    if (word >= this.bits.length) this.grow(word);
    const mask = 1 << (index & (WORD_BITS - 1));
    const current = this.bits[word]!;
    if ((current & mask) !== 0) return false;
    this.bits[word] = current | mask;
    this.count += 1;
    return true;
  }

  has(tradeId: string): boolean {
    const index = this.bitIndex(tradeId);
    if (index < 0) return this.others.has(tradeId);
    const word = index >>> 5;
    return word < this.bits.length && (this.bits[word]! & (1 << (index & (WORD_BITS - 1)))) !== 0;
  }

  /** The id's bit for `prefix + counter` ids near the first one, or -1 if the Set keeps it. */
  private bitIndex(tradeId: string): number {
    const length = tradeId.length;
    let start = length;
    while (start > 0) {
      const code = tradeId.charCodeAt(start - 1);
      if (code < 48 || code > 57) break;
      start -= 1;
    }
    const digits = length - start;
    if (digits === 0 || digits > MAX_COUNTER_DIGITS) return -1;
    // "T07" and "T7" are different ids with the same number: only canonical counters map to bits.
    if (digits > 1 && tradeId.charCodeAt(start) === 48) return -1;
    let counter = 0;
    for (let i = start; i < length; i++) counter = counter * 10 + (tradeId.charCodeAt(i) - 48);
    const prefix = this.prefix;
    if (prefix === undefined) {
      this.prefix = tradeId.slice(0, start);
      this.base = counter;
    } else if (start !== prefix.length || !tradeId.startsWith(prefix)) {
      return -1;
    }
    const index = counter - this.base;
    return index >= 0 && index < MAX_BITMAP_BITS ? index : -1;
  }

  private grow(word: number): void {
    let words = Math.max(INITIAL_WORDS, this.bits.length);
    while (words <= word) words *= 2;
    const bits = new Uint32Array(words);
    bits.set(this.bits);
    this.bits = bits;
  }
}
