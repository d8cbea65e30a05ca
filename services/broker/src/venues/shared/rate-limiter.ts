/** One venue limit: at most `limit` weight in any `windowMs`. */
export interface RateLimitBucket {
  /** The venue's name for it, e.g. `REQUEST_WEIGHT` or Upbit's group `order`. */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** What one request costs, per bucket name (buckets not named cost nothing). */
export type RequestCost = Readonly<Record<string, number>>;

/** Time as the limiter sees it; tests inject their own. */
export interface LimiterClock {
  now(): number;
}

/** A granted request's hold on its tokens; release when the response (or its failure) arrived. */
export interface RateLimitPermit {
  release(settledAt?: number): void;
}

export type TryAcquireResult =
  | { readonly granted: true; readonly permit: RateLimitPermit }
  /** `retryInMs` is undefined when only the release of an in-flight request can free room. */
  | { readonly granted: false; readonly retryInMs: number | undefined };

interface Spend {
  readonly weight: number;
  /** When the tokens come back: one window after the request settled; Infinity while in flight. */
  returnsAt: number;
}

class Bucket {
  private spends: Spend[] = [];
  private used = 0;

  constructor(readonly spec: RateLimitBucket) {}

  usedAt(now: number): number {
    if (this.spends.length > 0 && this.spends[0]!.returnsAt <= now) {
      this.spends = this.spends.filter((spend) => spend.returnsAt > now);
      this.used = this.spends.reduce((sum, spend) => sum + spend.weight, 0);
    }
    return this.used;
  }

  /** Earliest time `weight` more fits, or undefined if that needs an in-flight request to settle. */
  fitsAt(weight: number, now: number): number | undefined {
    let excess = this.usedAt(now) + weight - this.spec.limit;
    if (excess <= 0) return now;
    const returning = this.spends.filter((s) => Number.isFinite(s.returnsAt)).sort((a, b) => a.returnsAt - b.returnsAt);
    for (const spend of returning) {
      excess -= spend.weight;
      if (excess <= 0) return spend.returnsAt;
    }
    return undefined;
  }

  spend(weight: number, returnsAt: number): Spend {
    const spend: Spend = { weight, returnsAt };
    this.spends.push(spend);
    this.used += weight;
    this.sortByReturn();
    return spend;
  }

  settle(spend: Spend, settledAt: number): void {
    spend.returnsAt = settledAt + this.spec.windowMs;
    this.sortByReturn();
  }

  private sortByReturn(): void {
    this.spends.sort((a, b) => a.returnsAt - b.returnsAt);
  }
}

interface Waiter {
  readonly cost: RequestCost;
  readonly resolve: (permit: RateLimitPermit) => void;
}

/**
 * Weighted token buckets, one per venue limit, shared by every concurrent request to the venue.
 *
 * A spent token comes back one full window after its request *settled* (response received or
 * given up), not continuously: a classic refilling bucket lets up to twice its size through in
 * one window, and the venue counts a request whenever it arrives between our send and our
 * receipt. Holding tokens until settle + window means no window of the venue's — rolling or
 * fixed, however it is aligned — can see more than `limit`.
 *
 * Waiters are served first come, first served, so a heavy request is never starved by light
 * ones. Headers from the venue (`observeUsed`, `observeRemaining`) only ever make the limiter
 * more careful (another process may share the key), and a 429/418 blocks every bucket until
 * `Retry-After` has passed (`blockUntil`).
 */
export class WeightedRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly waiters: Waiter[] = [];
  private blockedUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  constructor(
    buckets: readonly RateLimitBucket[],
    private readonly clock: LimiterClock = { now: () => Date.now() },
  ) {
    for (const spec of buckets) {
      if (!(spec.limit > 0) || !(spec.windowMs > 0)) {
        throw new Error(`rate limit ${spec.name}: limit and windowMs must be > 0, got ${spec.limit}/${spec.windowMs}`);
      }
      this.buckets.set(spec.name, new Bucket(spec));
    }
  }

  /** Takes the tokens now if every bucket has room (and no one is queued ahead), without waiting. */
  tryAcquire(cost: RequestCost, now = this.clock.now()): TryAcquireResult {
    this.checkCost(cost);
    if (now < this.blockedUntil) return { granted: false, retryInMs: this.blockedUntil - now };
    let readyAt = now;
    for (const [name, weight] of Object.entries(cost)) {
      const bucket = this.buckets.get(name);
      if (bucket === undefined || weight <= 0) continue;
      const at = bucket.fitsAt(weight, now);
      if (at === undefined) return { granted: false, retryInMs: undefined };
      readyAt = Math.max(readyAt, at);
    }
    if (readyAt > now) return { granted: false, retryInMs: readyAt - now };
    const spent: [Bucket, Spend][] = [];
    for (const [name, weight] of Object.entries(cost)) {
      const bucket = this.buckets.get(name);
      if (bucket !== undefined && weight > 0) spent.push([bucket, bucket.spend(weight, Infinity)]);
    }
    let released = false;
    const permit: RateLimitPermit = {
      release: (settledAt = this.clock.now()) => {
        if (released) return;
        released = true;
        for (const [bucket, spend] of spent) bucket.settle(spend, settledAt);
        this.pump();
      },
    };
    return { granted: true, permit };
  }

  /** Waits for room in every bucket the cost names, in arrival order. */
  acquire(cost: RequestCost): Promise<RateLimitPermit> {
    this.checkCost(cost);
    if (this.waiters.length === 0) {
      const result = this.tryAcquire(cost);
      if (result.granted) return Promise.resolve(result.permit);
    }
    return new Promise((resolve) => {
      this.waiters.push({ cost, resolve });
      this.pump();
    });
  }

  /** The venue said this much of a bucket is used in its current window (e.g. `X-MBX-USED-WEIGHT-1M`). */
  observeUsed(name: string, used: number, now = this.clock.now()): void {
    const bucket = this.buckets.get(name);
    if (bucket === undefined || !Number.isFinite(used)) return;
    // Only more than we know of matters: someone else spends from the same limit.
    const unseen = used - bucket.usedAt(now);
    if (unseen > 0) bucket.spend(unseen, now + bucket.spec.windowMs);
  }

  /** The venue said this much of a bucket remains (Upbit's `Remaining-Req: ...; sec=N`). */
  observeRemaining(name: string, remaining: number, now = this.clock.now()): void {
    const bucket = this.buckets.get(name);
    if (bucket !== undefined) this.observeUsed(name, bucket.spec.limit - remaining, now);
  }

  /** After a 429 or 418: nothing is sent before `until` (epoch ms). */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
    this.pump();
  }

  /** After a 429 or 418: nothing is sent for `ms` from now. */
  blockFor(ms: number): void {
    this.blockUntil(this.clock.now() + ms);
  }

  /** Weight in use (in flight or not yet returned) per bucket, for metrics and tests. */
  usage(now = this.clock.now()): Record<string, { used: number; limit: number }> {
    return Object.fromEntries(
      [...this.buckets].map(([name, bucket]) => [name, { used: bucket.usedAt(now), limit: bucket.spec.limit }]),
    );
  }

  get queued(): number {
    return this.waiters.length;
  }

  private checkCost(cost: RequestCost): void {
    for (const [name, weight] of Object.entries(cost)) {
      const bucket = this.buckets.get(name);
      if (bucket !== undefined && weight > bucket.spec.limit) {
        throw new Error(`a request costing ${weight} can never fit ${name} (limit ${bucket.spec.limit})`);
      }
    }
  }

  /** Grants queued requests in order while they fit; otherwise waits for a time or a release. */
  private pump(): void {
    while (this.waiters.length > 0) {
      const head = this.waiters[0]!;
      const result = this.tryAcquire(head.cost);
      if (result.granted) {
        this.waiters.shift();
        head.resolve(result.permit);
        continue;
      }
      if (result.retryInMs !== undefined) this.wakeIn(result.retryInMs);
      return;
    }
  }

  private wakeIn(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(1, ms),
    );
  }
}
