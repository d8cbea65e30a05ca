import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/bench-args.js';

describe('parseBenchArgs', () => {
  it('defaults to a million bars, 3 warm-up and 9 measured runs, seed 42, the strategy’s own periods', () => {
    expect(parseBenchArgs([])).toEqual({
      ok: true,
      options: { bars: 1_000_000, runs: 9, warmup: 3, seed: 42, fast: undefined, slow: undefined },
    });
  });

  it('reads every flag in both --flag value and --flag=value forms', () => {
    expect(
      parseBenchArgs(['--bars', '20000', '--runs=5', '--warmup', '0', '--seed=7', '--fast', '50', '--slow=200']),
    ).toEqual({ ok: true, options: { bars: 20_000, runs: 5, warmup: 0, seed: 7, fast: 50, slow: 200 } });
  });

  it.each([
    [['--turbo'], 'unknown flag --turbo; allowed: --bars, --runs, --warmup, --seed, --fast, --slow'],
    [['--runs'], '--runs must be a whole number >= 1, got nothing'],
    [['--runs', '0'], '--runs must be a whole number >= 1, got 0'],
    [['--bars=1e3.5'], '--bars must be a whole number >= 1, got 1e3.5'],
    [['--warmup', '-1'], '--warmup must be a whole number >= 0, got -1'],
    [['--seed='], '--seed must be a whole number >= 1, got '],
    [['--fast', '30', '--slow', '30'], '--fast (30) must be shorter than --slow (30)'],
  ])('refuses %j with one line naming the flag', (argv, error) => {
    expect(parseBenchArgs(argv)).toEqual({ ok: false, error });
  });
});
