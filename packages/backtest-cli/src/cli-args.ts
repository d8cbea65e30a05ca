/** Options of `npm run backtest`, after validation. */
export interface BacktestOptions {
  readonly strategy: string;
  /** CSV file to replay; undefined means synthetic data. */
  readonly dataFile: string | undefined;
  readonly bars: number;
  readonly seed: number;
  readonly outDir: string;
  readonly cash: number;
  readonly symbol: string;
  /** Strategy parameter overrides from `--param name=value`. */
  readonly params: Readonly<Record<string, number | boolean | string>>;
}

export type ParsedArgs =
  | { readonly ok: true; readonly options: BacktestOptions }
  | { readonly ok: false; readonly error: string }
  | { readonly ok: 'help' };

export const BACKTEST_FLAGS = [
  '--strategy',
  '--data',
  '--synthetic',
  '--bars',
  '--seed',
  '--out',
  '--cash',
  '--symbol',
  '--param',
  '--help',
] as const;

export const BACKTEST_USAGE = `usage: npm run backtest -- --strategy <name> [--data file.csv | --synthetic] [--bars N] [--seed N] [--out dir]
                              [--cash N] [--symbol NAME] [--param name=value ...]

  --strategy   sample strategy to run (required)
  --data       OHLCV CSV with a header: timestamp|time|date, open, high, low, close[, volume]
  --synthetic  seeded synthetic bars (the default when --data is absent)
  --bars       number of synthetic bars (default 20000)
  --seed       seed for synthetic data and the simulated venue (default 42)
  --out        directory for the HTML report (default backtest-output)
  --cash       starting cash (default 100000)
  --symbol     instrument symbol in the report (default SYN, or the CSV file name)
  --param      override a strategy parameter, e.g. --param fast=20 --param allowShort=true`;

/**
 * Parses argv strictly: an unknown flag, a missing value or a bad number is one clear line naming
 * what is allowed, so the CLI can exit 2 before doing any work.
 */
export function parseBacktestArgs(argv: readonly string[], strategies: readonly string[]): ParsedArgs {
  let strategy: string | undefined;
  let dataFile: string | undefined;
  let synthetic = false;
  let bars = 20_000;
  let seed = 42;
  let outDir = 'backtest-output';
  let cash = 100_000;
  let symbol: string | undefined;
  const params: Record<string, number | boolean | string> = {};

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? (argv[i + 1]?.startsWith('--') === false ? argv[++i] : undefined);
    switch (flag) {
      case '--help':
      case '-h':
        return { ok: 'help' };
      case '--synthetic':
        synthetic = true;
        break;
      case '--strategy':
      case '--data':
      case '--bars':
      case '--seed':
      case '--out':
      case '--cash':
      case '--symbol':
      case '--param': {
        const v = value();
        if (v === undefined || v === '') return { ok: false, error: `${flag} needs a value` };
        if (flag === '--strategy') strategy = v;
        else if (flag === '--data') dataFile = v;
        else if (flag === '--out') outDir = v;
        else if (flag === '--symbol') symbol = v;
        else if (flag === '--param') {
          const eq = v.indexOf('=');
          if (eq <= 0) return { ok: false, error: `--param needs name=value, got "${v}"` };
          params[v.slice(0, eq)] = parseParamValue(v.slice(eq + 1));
        } else {
          const number = Number(v);
          const integer = flag !== '--cash';
          if (
            !Number.isFinite(number) ||
            number <= 0 ||
            (integer && !Number.isInteger(number)) ||
            (flag === '--seed' && number < 0)
          ) {
            return { ok: false, error: `${flag} must be a positive ${integer ? 'integer' : 'number'}, got "${v}"` };
          }
          if (flag === '--bars') bars = number;
          else if (flag === '--seed') seed = number;
          else cash = number;
        }
        break;
      }
      default:
        return { ok: false, error: `unknown argument "${arg}"; allowed flags: ${BACKTEST_FLAGS.join(', ')}` };
    }
  }

  const allowed = [...strategies].sort().join(', ');
  if (strategy === undefined) return { ok: false, error: `--strategy is required; allowed values: ${allowed}` };
  if (!strategies.includes(strategy))
    return { ok: false, error: `unknown strategy "${strategy}"; allowed values: ${allowed}` };
  if (synthetic && dataFile !== undefined)
    return { ok: false, error: 'use either --data <file.csv> or --synthetic, not both' };
  return {
    ok: true,
    options: {
      strategy,
      dataFile,
      bars,
      seed,
      outDir,
      cash,
      symbol: symbol ?? (dataFile !== undefined ? symbolFromFile(dataFile) : 'SYN'),
      params,
    },
  };
}

function parseParamValue(text: string): number | boolean | string {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

function symbolFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'DATA';
  return (
    base
      .replace(/\.[^.]*$/, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '') || 'DATA'
  );
}
