#!/usr/bin/env node
// npm run bench:backtest [-- --bars N --runs N --seed N]
//
// SMA crossover over synthetic bars through the full engine (simulated venue, execution engine
// and order state machine, risk engine, portfolio, trade log, metrics), and the same signals from
// a bare typed-array loop, alternately in one process. Prints each run and the medians.
import { availableParallelism, cpus } from 'node:os';
import { Sma, createInstrument, generateSyntheticBars, runBacktest } from '@tradeforge/core';
import type { BacktestResult, Bar, Strategy } from '@tradeforge/core';
import { SmaCrossover, smaCrossover } from '@tradeforge/sample-strategies';
import { bareSmaCrossover } from './bare-sma-loop.js';
import { formatRate, median } from './bench-stats.js';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    process.stderr.write(`bench:backtest: ${name} must be a positive integer; allowed flags: --bars, --runs, --seed\n`);
    process.exit(2);
  }
  return value;
}

const bars = flag('--bars', 1_000_000);
const runs = flag('--runs', 7);
const seed = flag('--seed', 42);
const { fast, slow } = smaCrossover.defaults;

// Minute bars with a calm volatility keep a million-bar price path plausible, and a 10 %
// allocation keeps the account alive through ~39,000 round trips of realistic fees and slippage,
// so every signal turns into an order that fills (the run checks it below).
const instrument = createInstrument({ symbol: 'BENCH', venue: 'SIM', tickSize: 0.01, lotSize: 1e-6 });
const series = generateSyntheticBars({
  instrumentId: instrument.id,
  bars,
  seed,
  intervalMs: 60_000,
  volatility: 0.001,
});
const params = { ...smaCrossover.defaults, allocation: 0.1, instrumentId: instrument.id };

console.log(
  `bench:backtest — SMA crossover (fast ${fast}, slow ${slow}, allocation ${params.allocation}) over ${bars.toLocaleString('en-US')} synthetic bars, ${runs} runs`,
);
console.log(`node ${process.version}, ${availableParallelism()} cpus, ${cpus()[0]?.model ?? 'unknown cpu'}`);

/**
 * The same averages and cross rule, without orders: separates the engine's per-bar cost from
 * its per-order cost in the output.
 */
class SignalsOnly implements Strategy {
  readonly id = 'signals-only';
  private readonly fast = new Sma(fast);
  private readonly slow = new Sma(slow);
  private regime = 0;
  signals = 0;
  onBar(bar: Bar): void {
    const f = this.fast.update(bar.close);
    const s = this.slow.update(bar.close);
    if (!this.slow.ready || f === s) return;
    const next = f > s ? 1 : -1;
    if (next !== this.regime) {
      if (this.regime !== 0) this.signals += 1;
      this.regime = next;
    }
  }
}

/** What must not change between runs, nor by making the engine faster. */
const summaryOf = (result: BacktestResult): string =>
  JSON.stringify({
    fills: result.metrics.fills,
    roundTrips: result.metrics.roundTrips,
    finalEquity: result.metrics.finalEquity,
    sharpe: result.metrics.sharpe,
    fees: result.metrics.fees,
    maxDrawdown: result.metrics.maxDrawdown,
    winRate: result.metrics.winRate,
    exposure: result.metrics.exposure,
  });
// The default run's summary, recorded from the engine before the columnar-results work (3e7c89c).
const RECORDED_DEFAULT_SUMMARY = JSON.stringify({
  fills: 38_874,
  roundTrips: 19_437,
  finalEquity: 7637.767513507775,
  sharpe: -25.753729999394306,
  fees: 69959.56263468124,
  maxDrawdown: 0.9238201510168104,
  winRate: 0.25981375726706796,
  exposure: 0.501672,
});
const isDefaultRun = bars === 1_000_000 && seed === 42;
let firstSummary: string | undefined;

const engineRates: number[] = [];
const idleRates: number[] = [];
const bareRates: number[] = [];
// Process CPU time of each part (all threads, so the collector's helpers count): on a machine
// shared with other jobs it moves less with the load than the elapsed time does.
const engineCpu: number[] = [];
const idleCpu: number[] = [];
const bareCpu: number[] = [];
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
for (let run = 1; run <= runs; run++) {
  const strategy = new SmaCrossover(params);
  let cpu = process.cpuUsage();
  let started = performance.now();
  const result = runBacktest({
    instrument,
    data: { kind: 'bars', bars: series },
    strategy,
    seed,
    riskLimits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, dailyLossLimit: 1e12 },
  });
  const engineSeconds = (performance.now() - started) / 1000;
  engineCpu.push(cpuMs(cpu));

  const signalsOnly = new SignalsOnly();
  cpu = process.cpuUsage();
  started = performance.now();
  runBacktest({ instrument, data: { kind: 'bars', bars: series }, strategy: signalsOnly, seed });
  const idleSeconds = (performance.now() - started) / 1000;
  idleCpu.push(cpuMs(cpu));

  cpu = process.cpuUsage();
  started = performance.now();
  const bare = bareSmaCrossover(series.close, fast, slow);
  const bareSeconds = (performance.now() - started) / 1000;
  bareCpu.push(cpuMs(cpu));

  if (bare.signals !== strategy.signals) {
    console.error(`signal mismatch: engine saw ${strategy.signals} crosses, bare loop ${bare.signals}`);
    process.exit(1);
  }
  if (result.orders.filled < strategy.signals * 0.99) {
    console.error(
      `only ${result.orders.filled} of ${strategy.signals} signals became filled orders: the engine did less work than measured`,
    );
    process.exit(1);
  }
  const summary = summaryOf(result);
  firstSummary ??= summary;
  if (summary !== firstSummary || (isDefaultRun && summary !== RECORDED_DEFAULT_SUMMARY)) {
    console.error(
      `result changed: ${summary}, expected ${firstSummary === summary ? RECORDED_DEFAULT_SUMMARY : firstSummary}`,
    );
    process.exit(1);
  }
  engineRates.push(bars / engineSeconds);
  idleRates.push(bars / idleSeconds);
  bareRates.push(bars / bareSeconds);
  console.log(
    `run ${run}: engine ${formatRate(bars / engineSeconds)} bars/s (${result.orders.submitted.toLocaleString('en-US')} orders, ${result.metrics.fills.toLocaleString('en-US')} fills, ${strategy.signals.toLocaleString('en-US')} signals) | engine without orders ${formatRate(bars / idleSeconds)} bars/s | bare loop ${formatRate(bars / bareSeconds)} bars/s`,
  );
}

const engine = median(engineRates);
const idle = median(idleRates);
const bare = median(bareRates);
console.log(
  `median: engine ${formatRate(engine)} bars/s, engine without orders ${formatRate(idle)} bars/s, bare loop ${formatRate(bare)} bars/s, bare/engine ratio ${(bare / engine).toFixed(1)}x`,
);
const engineCpuMs = median(engineCpu);
const bareCpuMs = median(bareCpu);
console.log(
  `median process CPU time: engine ${engineCpuMs.toFixed(1)} ms, engine without orders ${median(idleCpu).toFixed(1)} ms, bare loop ${bareCpuMs.toFixed(1)} ms, engine/bare ratio ${(engineCpuMs / bareCpuMs).toFixed(1)}x`,
);
console.log(
  `target: engine >= 1,000,000 bars/s ${engine >= 1_000_000 ? 'MET' : 'MISSED'}; within 10x of the bare loop ${bare / engine <= 10 ? 'MET' : 'MISSED'}`,
);
