import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/venues/shared/backoff.js';
import { CircuitBreaker } from '../../src/venues/shared/circuit-breaker.js';

describe('CircuitBreaker (clock injected)', () => {
  it('opens after consecutive failures, lets one trial through after the reset time, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 1_000 }, { now: () => now });
    const states: string[] = [];
    breaker.onStateChange((s) => states.push(s));
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess(); // a success resets the count
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.allowRequest()).toBe(false);
    now = 1_000;
    expect(breaker.allowRequest()).toBe(true); // the trial
    expect(breaker.allowRequest()).toBe(false); // one at a time
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed trial opens it again for another reset period', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 500 }, { now: () => now });
    breaker.recordFailure();
    now = 500;
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    now = 999;
    expect(breaker.allowRequest()).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('is full jitter under an exponentially growing, capped ceiling', () => {
    expect(backoffDelay(0, { baseMs: 100, maxMs: 1_000 }, () => 0.999)).toBe(99);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1_000 }, () => 0.999)).toBe(799);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 1_000 }, () => 0.999)).toBe(999);
    expect(backoffDelay(5, { baseMs: 100, maxMs: 1_000 }, () => 0)).toBe(0);
  });
});
