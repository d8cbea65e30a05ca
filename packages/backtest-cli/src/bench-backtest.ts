#!/usr/bin/env node
// npm run bench:backtest [-- --bars N --runs N --warmup N --seed N --fast N --slow N]
//
// SMA crossover over synthetic bars through the full engine (simulated venue, execution engine
// and order state machine, risk engine, portfolio, trade log, metrics), the same averages through
// the engine without orders, and the same signals from a bare typed-array loop, alternately in
// one process. Prints each run, the medians, and what a bar and an order cost the engine.
import { availableParallelism, cpus } from 'node:os';
import { Sma, createInstrument, generateSyntheticBars, runBacktest } from '@tradeforge/core';
import type { BacktestResult, Bar, Strategy } from '@tradeforge/core';
import { SmaCrossover, smaCrossover } from '@tradeforge/sample-strategies';
import { parseBenchArgs } from './bench-args.js';
import { bareSmaCrossover } from './bare-sma-loop.js';
import { formatRate, median } from './bench-stats.js';

const parsed = parseBenchArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`bench:backtest: ${parsed.error}\n`);
  process.exit(2);
}
const { bars, runs, warmup, seed } = parsed.options;
const fast = parsed.options.fast ?? smaCrossover.defaults.fast;
const slow = parsed.options.slow ?? smaCrossover.defaults.slow;
if (!(fast < slow)) {
  process.stderr.write(`bench:backtest: --fast (${fast}) must be shorter than --slow (${slow})\n`);
  process.exit(2);
}

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
const params = { ...smaCrossover.defaults, fast, slow, allocation: 0.1, instrumentId: instrument.id };

console.log(
  `bench:backtest — SMA crossover (fast ${fast}, slow ${slow}, allocation ${params.allocation}) over ${bars.toLocaleString('en-US')} synthetic bars, ${warmup} warm-up + ${runs} measured runs`,
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
const isDefaultRun =
  bars === 1_000_000 && seed === 42 && fast === smaCrossover.defaults.fast && slow === smaCrossover.defaults.slow;
let firstSummary: string | undefined;

/** Elapsed and process CPU time of one part of a run, in milliseconds. */
interface Timing {
  readonly ms: number;
  /** All threads, so the collector's helpers count; it moves less with the machine's load. */
  readonly cpuMs: number;
}
// No collection is forced between parts: with one before each part (node --expose-gc) the engine
// ran about a third slower, most likely because a full collection also shrinks the young
// generation the engine then needs (docs/BENCHMARKS.md).
function timed<T>(work: () => T): { value: T; timing: Timing } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, timing: { ms, cpuMs: (used.user + used.system) / 1000 } };
}

const measured = { engine: [] as Timing[], idle: [] as Timing[], bare: [] as Timing[] };
let orders = 0;
for (let run = 1; run <= warmup + runs; run++) {
  const strategy = new SmaCrossover(params);
  const engine = timed(() =>
    runBacktest({
      instrument,
      data: { kind: 'bars', bars: series },
      strategy,
      seed,
      riskLimits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, dailyLossLimit: 1e12 },
    }),
  );
  const idle = timed(() =>
    runBacktest({ instrument, data: { kind: 'bars', bars: series }, strategy: new SignalsOnly(), seed }),
  );
  const bare = timed(() => bareSmaCrossover(series.close, fast, slow));

  const result = engine.value;
  if (bare.value.signals !== strategy.signals) {
    console.error(`signal mismatch: engine saw ${strategy.signals} crosses, bare loop ${bare.value.signals}`);
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
  orders = result.orders.submitted;
  const isWarmup = run <= warmup;
  if (!isWarmup) {
    measured.engine.push(engine.timing);
    measured.idle.push(idle.timing);
    measured.bare.push(bare.timing);
  }
  const rate = (timing: Timing): string => `${formatRate(bars / (timing.ms / 1000))} bars/s`;
  console.log(
    `${isWarmup ? `warm-up ${run}` : `run ${run - warmup}`}: engine ${rate(engine.timing)} (${orders.toLocaleString('en-US')} orders, ${result.metrics.fills.toLocaleString('en-US')} fills, ${strategy.signals.toLocaleString('en-US')} signals) | engine without orders ${rate(idle.timing)} | bare loop ${rate(bare.timing)}`,
  );
}

const medianOf = (timings: readonly Timing[], key: keyof Timing): number => median(timings.map((t) => t[key]));
const engineMs = medianOf(measured.engine, 'ms');
const idleMs = medianOf(measured.idle, 'ms');
const bareMs = medianOf(measured.bare, 'ms');
const perSecond = (ms: number): number => bars / (ms / 1000);
console.log(
  `median of ${runs}: engine ${formatRate(perSecond(engineMs))} bars/s, engine without orders ${formatRate(perSecond(idleMs))} bars/s, bare loop ${formatRate(perSecond(bareMs))} bars/s, bare/engine ratio ${(engineMs / bareMs).toFixed(1)}x`,
);
const engineCpu = medianOf(measured.engine, 'cpuMs');
const bareCpu = medianOf(measured.bare, 'cpuMs');
console.log(
  `median process CPU time: engine ${engineCpu.toFixed(1)} ms, engine without orders ${medianOf(measured.idle, 'cpuMs').toFixed(1)} ms, bare loop ${bareCpu.toFixed(1)} ms, engine/bare ratio ${(engineCpu / bareCpu).toFixed(1)}x`,
);
// The engine's cost split: a bar is what the run without orders spends per bar; an order is what
// the orders add on top of that, spread over the orders (every one is submitted, accepted, filled).
console.log(
  `cost: ${((idleMs * 1e6) / bars).toFixed(1)} ns per bar through the engine (bare loop ${((bareMs * 1e6) / bars).toFixed(1)} ns), ${(((engineMs - idleMs) * 1e3) / orders).toFixed(2)} µs per order; one order every ${(bars / orders).toFixed(1)} bars`,
);
const enginePerSecond = perSecond(engineMs);
console.log(
  `target: engine >= 1,000,000 bars/s ${enginePerSecond >= 1_000_000 ? 'MET' : 'MISSED'}; within 10x of the bare loop ${engineMs / bareMs <= 10 ? 'MET' : 'MISSED'}`,
);
