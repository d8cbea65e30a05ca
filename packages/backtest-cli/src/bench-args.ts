/** Options of `npm run bench:backtest`, after validation. */
export interface BenchOptions {
  readonly bars: number;
  /** Measured runs: the medians are over these. */
  readonly runs: number;
  /** Runs before the measured ones, printed but left out of the medians (JIT compilation). */
  readonly warmup: number;
  readonly seed: number;
  /** SMA periods; undefined means the sample strategy's defaults. */
  readonly fast: number | undefined;
  readonly slow: number | undefined;
}

export type ParsedBenchArgs =
  { readonly ok: true; readonly options: BenchOptions } | { readonly ok: false; readonly error: string };

const DEFAULTS = { bars: 1_000_000, runs: 9, warmup: 3, seed: 42 } as const;

export const BENCH_FLAGS = ['--bars', '--runs', '--warmup', '--seed', '--fast', '--slow'] as const;
type BenchFlag = (typeof BENCH_FLAGS)[number];
const isBenchFlag = (flag: string): flag is BenchFlag => (BENCH_FLAGS as readonly string[]).includes(flag);

/**
 * Strict: an unknown flag, a missing value or a value that is not a whole number in range is one
 * line naming the flag and what it accepts.
 */
export function parseBenchArgs(argv: readonly string[]): ParsedBenchArgs {
  const values: Partial<Record<BenchFlag, number>> = {};
  for (let i = 0; i < argv.length; i++) {
    // Both `--flag value` and `--flag=value`, like npm run backtest.
    const arg = argv[i]!;
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    if (!isBenchFlag(flag)) return { ok: false, error: `unknown flag ${flag}; allowed: ${BENCH_FLAGS.join(', ')}` };
    const raw = equals < 0 ? argv[++i] : arg.slice(equals + 1);
    const value = Number(raw);
    const minimum = flag === '--warmup' ? 0 : 1;
    if (raw === undefined || raw.trim() === '' || !Number.isSafeInteger(value) || value < minimum) {
      return { ok: false, error: `${flag} must be a whole number >= ${minimum}, got ${raw ?? 'nothing'}` };
    }
    values[flag] = value;
  }
  const { '--fast': fast, '--slow': slow } = values;
  if (fast !== undefined && slow !== undefined && !(fast < slow)) {
    return { ok: false, error: `--fast (${fast}) must be shorter than --slow (${slow})` };
  }
  return {
    ok: true,
    options: {
      bars: values['--bars'] ?? DEFAULTS.bars,
      runs: values['--runs'] ?? DEFAULTS.runs,
      warmup: values['--warmup'] ?? DEFAULTS.warmup,
      seed: values['--seed'] ?? DEFAULTS.seed,
      fast,
      slow,
    },
  };
}
