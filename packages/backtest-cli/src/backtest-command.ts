import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runBacktest } from '@tradeforge/core';
import type { BacktestResult, Strategy } from '@tradeforge/core';
import { sampleStrategies } from '@tradeforge/sample-strategies';
import { BACKTEST_USAGE, parseBacktestArgs } from './cli-args.js';
import { renderHtmlReport } from './html-report.js';
import { loadMarketData } from './market-data-source.js';
import { createProgressPrinter } from './progress-printer.js';
import { resolveStrategyParams } from './strategy-params.js';
import { formatSummary } from './summary.js';

export interface CommandIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export interface BacktestCommandOutcome {
  readonly exitCode: number;
  readonly reportPath?: string;
  readonly result?: BacktestResult;
}

/**
 * `npm run backtest`: parse flags, load data, replay through the kernel, print the summary and
 * write the HTML report. Usage errors exit 2 with one line; data errors exit 1.
 */
export function runBacktestCommand(argv: readonly string[], io: CommandIo): BacktestCommandOutcome {
  const parsed = parseBacktestArgs(argv, Object.keys(sampleStrategies));
  if (parsed.ok === 'help') {
    io.stdout(BACKTEST_USAGE);
    return { exitCode: 0 };
  }
  if (!parsed.ok) {
    io.stderr(`backtest: ${parsed.error}`);
    return { exitCode: 2 };
  }
  const options = parsed.options;
  const definition = sampleStrategies[options.strategy]!;
  const params = resolveStrategyParams(definition, options.params);
  if (!params.ok) {
    io.stderr(`backtest: ${params.error}`);
    return { exitCode: 2 };
  }

  let data;
  try {
    data = loadMarketData(options);
  } catch (error) {
    io.stderr(`backtest: cannot load market data: ${(error as Error).message}`);
    return { exitCode: 1 };
  }

  let strategy: Strategy;
  try {
    strategy = definition.create({ ...params.params, instrumentId: data.instrument.id });
  } catch (error) {
    io.stderr(`backtest: invalid parameters for ${options.strategy}: ${(error as Error).message}`);
    return { exitCode: 2 };
  }

  const started = performance.now();
  const result = runBacktest({
    instrument: data.instrument,
    data: { kind: 'bars', bars: data.bars },
    strategy,
    initialCash: options.cash,
    // Limits scale with the account so a bigger --cash does not trip the order-size limit.
    riskLimits: {
      maxOrderNotional: options.cash * 2,
      maxPositionNotional: options.cash * 5,
      dailyLossLimit: options.cash,
    },
    seed: options.seed,
    progressEvery: 100_000,
    onProgress: createProgressPrinter(io.stderr),
  });
  const elapsed = performance.now() - started;

  const run = {
    strategy: options.strategy,
    instrumentId: data.instrument.id,
    source: data.source,
    params: params.params,
    seed: options.seed,
  };
  io.stdout(formatSummary(result, run, elapsed));
  if (options.dataFile === undefined) {
    io.stdout('  note          synthetic prices are a seeded random walk with drifting regimes: there is little edge');
    io.stdout(
      '                to find, so results mostly show the cost of fees and slippage. Use --data for real prices.',
    );
  }

  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const name = `${options.strategy}-${options.dataFile === undefined ? `synthetic-seed${options.seed}` : options.symbol.toLowerCase()}.html`;
  const reportPath = join(outDir, name);
  writeFileSync(reportPath, renderHtmlReport(result, run, new Date()));
  io.stdout(`  report        ${reportPath}`);
  return { exitCode: 0, reportPath, result };
}
