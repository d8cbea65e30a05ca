/**
 * Creates client order ids locally, before any network call, so an order can always be found
 * again — in our store and at the venue — even if the submit times out. The session tag keeps ids
 * unique across restarts (live code passes something like the start time; backtests a constant so
 * replays are identical).
 */
export class ClientOrderIdGenerator {
  private sequence = 0;
  private readonly prefix: string;

  constructor(strategyId: string, sessionTag = '0') {
    this.prefix = `${strategyId}-${sessionTag}-`;
  }

  next(): string {
    this.sequence += 1;
    return this.prefix + this.sequence;
  }

  /** True if `id` is one this generator has already handed out. */
  hasIssued(id: string): boolean {
    if (!id.startsWith(this.prefix)) return false;
    const suffix = id.slice(this.prefix.length);
    if (!/^[1-9]\d*$/.test(suffix)) return false;
    return Number(suffix) <= this.sequence;
  }
}
