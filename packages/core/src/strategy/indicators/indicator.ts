/**
 * Indicators update incrementally, one value per call, in O(1) without allocating, so they cost
 * the same in a million-bar backtest as in live trading. `value` is NaN until `ready`.
 */
export interface Indicator {
  readonly period: number;
  readonly value: number;
  readonly ready: boolean;
  /** Forget all history (e.g. after a data gap). */
  reset(): void;
}

export function requirePeriod(name: string, period: number): number {
  if (!Number.isInteger(period) || period < 1)
    throw new Error(`${name} period must be a positive integer, got ${period}`);
  return period;
}
