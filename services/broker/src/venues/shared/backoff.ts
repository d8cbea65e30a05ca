export interface BackoffOptions {
  /** First retry's ceiling. @default 100 */
  readonly baseMs?: number;
  /** No retry waits longer. @default 5000 */
  readonly maxMs?: number;
}

/**
 * Exponential backoff with full jitter: a random wait in [0, min(max, base·2^attempt)]. The
 * jitter spreads retries of many concurrent callers so they do not hit the venue in lockstep.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs ?? 5_000, (options.baseMs ?? 100) * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms` (timers are the one place the resilience layer touches wall time). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
