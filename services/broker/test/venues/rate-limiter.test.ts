import { describe, expect, it } from 'vitest';
import { WeightedRateLimiter } from '../../src/venues/shared/rate-limiter.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('WeightedRateLimiter (clock injected)', () => {
  it('grants weight until a bucket is full, then says when room returns', () => {
    const clock = manualClock();
    const limiter = new WeightedRateLimiter([{ name: 'W', limit: 10, windowMs: 1_000 }], clock);
    const a = limiter.tryAcquire({ W: 6 });
    expect(a.granted).toBe(true);
    if (a.granted) a.permit.release(); // settled now: returns one window later
    expect(limiter.tryAcquire({ W: 4 }).granted).toBe(true); // in flight until released
    expect(limiter.tryAcquire({ W: 1 })).toEqual({ granted: false, retryInMs: 1_000 });
    expect(limiter.tryAcquire({ W: 7 })).toEqual({ granted: false, retryInMs: undefined }); // needs the in-flight 4
  });

  it('returns tokens one window after the request settled, never earlier', () => {
    const clock = manualClock();
    const limiter = new WeightedRateLimiter([{ name: 'W', limit: 2, windowMs: 1_000 }], clock);
    const first = limiter.tryAcquire({ W: 2 });
    clock.advance(300); // the response took 300 ms
    if (first.granted) first.permit.release();
    expect(limiter.tryAcquire({ W: 1 })).toEqual({ granted: false, retryInMs: 1_000 });
    clock.advance(999);
    expect(limiter.tryAcquire({ W: 1 }).granted).toBe(false);
    clock.advance(1);
    expect(limiter.tryAcquire({ W: 2 }).granted).toBe(true);
  });

  it('no window of the venue, however aligned, sees more than the limit', () => {
    // Requests granted as fast as the limiter allows for 10 windows; every request's arrival at
    // the venue lies between its grant and its settle (here: 1..40 ms later).
    const clock = manualClock(0);
    const limit = 5;
    const windowMs = 100;
    const limiter = new WeightedRateLimiter([{ name: 'W', limit, windowMs }], clock);
    const arrivals: number[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    while (clock.now() < 10 * windowMs) {
      const result = limiter.tryAcquire({ W: 1 });
      if (!result.granted) {
        clock.advance(1);
        continue;
      }
      const latency = 1 + Math.floor(random() * 40);
      arrivals.push(clock.now() + Math.floor(random() * latency));
      result.permit.release(clock.now() + latency);
    }
    for (let start = 0; start < 10 * windowMs; start++) {
      const inWindow = arrivals.filter((t) => t >= start && t < start + windowMs).length;
      expect(inWindow).toBeLessThanOrEqual(limit);
    }
    expect(arrivals.length).toBeGreaterThan(20);
  });

  it('a request needs room in every bucket it names', () => {
    const limiter = new WeightedRateLimiter(
      [
        { name: 'WEIGHT', limit: 100, windowMs: 1_000 },
        { name: 'ORDERS', limit: 1, windowMs: 1_000 },
      ],
      manualClock(),
    );
    expect(limiter.tryAcquire({ WEIGHT: 1, ORDERS: 1 }).granted).toBe(true);
    expect(limiter.tryAcquire({ WEIGHT: 1, ORDERS: 1 }).granted).toBe(false);
    expect(limiter.tryAcquire({ WEIGHT: 50 }).granted).toBe(true);
  });

  it('usage reported by the venue only ever makes it more careful', () => {
    const clock = manualClock();
    const limiter = new WeightedRateLimiter([{ name: 'W', limit: 10, windowMs: 1_000 }], clock);
    limiter.observeUsed('W', 8); // someone else spent 8
    expect(limiter.tryAcquire({ W: 3 })).toEqual({ granted: false, retryInMs: 1_000 });
    limiter.observeUsed('W', 0); // less than we know of: ignored
    expect(limiter.usage().W).toEqual({ used: 8, limit: 10 });
    limiter.observeRemaining('W', 0);
    expect(limiter.usage().W!.used).toBe(10);
  });

  it('a 429/418 blocks every bucket until Retry-After has passed', () => {
    const clock = manualClock();
    const limiter = new WeightedRateLimiter([{ name: 'W', limit: 10, windowMs: 1_000 }], clock);
    limiter.blockFor(5_000);
    expect(limiter.tryAcquire({ W: 1 })).toEqual({ granted: false, retryInMs: 5_000 });
    clock.advance(5_000);
    expect(limiter.tryAcquire({ W: 1 }).granted).toBe(true);
  });

  it('refuses a cost that can never fit, and bad limits at construction', () => {
    const limiter = new WeightedRateLimiter([{ name: 'W', limit: 10, windowMs: 1_000 }], manualClock());
    expect(() => limiter.tryAcquire({ W: 11 })).toThrow(/can never fit W/);
    expect(() => new WeightedRateLimiter([{ name: 'W', limit: 0, windowMs: 1_000 }])).toThrow(
      /limit and windowMs must be > 0/,
    );
  });

  it('queued callers are served in arrival order as room returns', async () => {
    const limiter = new WeightedRateLimiter([{ name: 'W', limit: 2, windowMs: 20 }]);
    const order: number[] = [];
    const work = Array.from({ length: 6 }, async (_, i) => {
      const permit = await limiter.acquire({ W: i === 2 ? 2 : 1 });
      order.push(i);
      permit.release();
    });
    await Promise.all(work);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
