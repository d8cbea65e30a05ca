import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/venues/shared/backoff.js';
import { CircuitBreaker } from '../../src/venues/shared/circuit-breaker.js';
import type { CircuitTicket } from '../../src/venues/shared/circuit-breaker.js';

/** A call the breaker must let through (the test fails at once if it does not). */
function admitted(breaker: CircuitBreaker): CircuitTicket {
  const ticket = breaker.admit();
  if (ticket === undefined) throw new Error(`expected the ${breaker.state} circuit to let a call through`);
  return ticket;
}

describe('CircuitBreaker (clock injected)', () => {
  it('opens after consecutive failures, lets one trial through after the reset time, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 1_000 }, { now: () => now });
    const states: string[] = [];
    breaker.onStateChange((s) => states.push(s));
    breaker.recordFailure(admitted(breaker));
    breaker.recordFailure(admitted(breaker));
    breaker.recordSuccess(admitted(breaker)); // a success resets the count
    for (let i = 0; i < 3; i++) breaker.recordFailure(admitted(breaker));
    expect(breaker.state).toBe('open');
    expect(breaker.accepting).toBe(false);
    expect(breaker.admit()).toBeUndefined();
    now = 1_000;
    expect(breaker.accepting).toBe(true);
    const trial = admitted(breaker);
    expect(trial.trial).toBe(true);
    expect(breaker.admit()).toBeUndefined(); // one at a time
    expect(breaker.accepting).toBe(false);
    breaker.recordSuccess(trial);
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed trial opens it again for another reset period', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 500 }, { now: () => now });
    breaker.recordFailure(admitted(breaker));
    now = 500;
    breaker.recordFailure(admitted(breaker));
    expect(breaker.state).toBe('open');
    now = 999;
    expect(breaker.admit()).toBeUndefined();
    now = 1_000;
    expect(breaker.admit()?.trial).toBe(true);
  });

  it('a trial that ended neither healthy nor unhealthy (a 429) frees the trial slot and keeps it half-open', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 500 }, { now: () => now });
    breaker.recordFailure(admitted(breaker));
    now = 500;
    breaker.recordNeutral(admitted(breaker));
    expect(breaker.state).toBe('half-open');
    const next = admitted(breaker);
    expect(next.trial).toBe(true);
    breaker.recordSuccess(next);
    expect(breaker.state).toBe('closed');
  });

  it('a late failure of a call sent before the circuit opened neither reopens it nor frees the trial', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, resetAfterMs: 1_000 }, { now: () => now });
    const sentWhileClosed = [admitted(breaker), admitted(breaker), admitted(breaker)];
    breaker.recordFailure(sentWhileClosed[0]!);
    breaker.recordFailure(sentWhileClosed[1]!);
    expect(breaker.state).toBe('open');
    now = 1_000;
    const trial = admitted(breaker);
    // The third call, sent while the circuit was still closed, times out only now.
    breaker.recordFailure(sentWhileClosed[2]!);
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toBeUndefined(); // the trial is still out: no second one
    breaker.recordSuccess(trial);
    expect(breaker.state).toBe('closed');
  });

  it('late failures of calls sent before it opened do not open a circuit that closed again', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, resetAfterMs: 1_000 }, { now: () => now });
    const burst = Array.from({ length: 10 }, () => admitted(breaker));
    breaker.recordFailure(burst[0]!);
    breaker.recordFailure(burst[1]!);
    now = 1_000;
    breaker.recordSuccess(admitted(breaker)); // the venue answers healthily again
    expect(breaker.state).toBe('closed');
    // The rest of the burst, sent before the circuit opened, gives up only now.
    for (const ticket of burst.slice(2)) breaker.recordFailure(ticket);
    expect(breaker.state).toBe('closed');
    // Failures of calls sent after it closed still count.
    breaker.recordFailure(admitted(breaker));
    breaker.recordFailure(admitted(breaker));
    expect(breaker.state).toBe('open');
  });

  it('a late success of a call sent before the circuit opened does not close it without a trial', () => {
    const now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 1_000 }, { now: () => now });
    const early = admitted(breaker);
    breaker.recordFailure(admitted(breaker));
    breaker.recordSuccess(early);
    expect(breaker.state).toBe('open');
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
