import { ReplayClock } from '../clock.js';
import { ExecutionEngine } from '../execution/execution-engine.js';
import type { ExecutionListener } from '../execution/execution-engine.js';
import type { Instrument } from '../model/instrument.js';
import type { Fill, OrderEvent } from '../model/order-events.js';
import type { OrderView } from '../model/order-view.js';
import type { PositionChange } from '../model/position.js';
import { Portfolio } from '../portfolio/portfolio.js';
import type { DenialCode } from '../risk/denial-codes.js';
import { RiskEngine } from '../risk/risk-engine.js';
import { resolveRiskLimits } from '../risk/risk-limits.js';
import { StrategyHost } from '../strategy/strategy-host.js';
import type { BacktestConfig } from './backtest-config.js';
import type { BacktestResult, OrderCounts } from './backtest-result.js';
import { replayBars } from './bar-replay.js';
import { FillLog } from './fill-log.js';
import { computeMetrics } from './metrics.js';
import { TickBarAggregator } from './resample.js';
import { SimulatedVenue } from './simulated-venue.js';
import { DEFAULT_SIMULATED_VENUE } from './simulated-venue-config.js';
import { TradeLog } from './trade-log.js';
import type { RoundTrip } from './trade-log.js';

/** Collects what the result reports: fills, round trips, order outcomes. */
class RunRecorder implements ExecutionListener {
  // Columns, not the fill events: a run keeps every fill, and tens of thousands of retained event
  // objects were the largest part of the garbage collector's work.
  readonly fills = new FillLog();
  readonly tradeLog = new TradeLog();
  readonly orders: OrderCounts = { submitted: 0, denied: 0, rejected: 0, filled: 0, canceled: 0, expired: 0 };
  readonly denials: Partial<Record<DenialCode, number>> = {};
  fees = 0;

  onOrderEvent(event: OrderEvent, order: OrderView): void {
    switch (event.type) {
      case 'order.filled':
        if (order.status === 'FILLED') this.orders.filled += 1;
        break;
      case 'order.submitted':
        this.orders.submitted += 1;
        break;
      case 'order.denied':
        this.orders.denied += 1;
        this.denials[event.code] = (this.denials[event.code] ?? 0) + 1;
        break;
      case 'order.rejected':
        this.orders.rejected += 1;
        break;
      case 'order.canceled':
        this.orders.canceled += 1;
        break;
      case 'order.expired':
        this.orders.expired += 1;
        break;
      default:
        break;
    }
  }

  onFill(fill: Fill, change: PositionChange): void {
    this.fills.push(fill);
    this.fees += fill.fee;
    if (change.quantityAfter !== change.quantityBefore) this.tradeLog.record(fill, change);
  }
}

/**
 * Event-driven replay: every bar or tick goes through the same kernel that trades live —
 * simulated venue matching, execution engine and order state machine, risk engine, portfolio —
 * and then to the strategy. Only the clock and the venue are simulated.
 */
export function runBacktest(config: BacktestConfig): BacktestResult {
  const instrument = config.instrument;
  const instruments = new Map<string, Instrument>([[instrument.id, instrument]]);
  const clock = new ReplayClock();
  const initialCash = config.initialCash ?? 100_000;
  const portfolio = new Portfolio(initialCash, instrument.quoteCurrency);
  const risk = new RiskEngine(resolveRiskLimits(config.riskLimits), clock);
  const venue = new SimulatedVenue(
    { ...DEFAULT_SIMULATED_VENUE, ...config.venue },
    instruments,
    clock,
    config.seed ?? 1,
  );
  const execution = new ExecutionEngine({ clock, venue, risk, portfolio, instruments });
  const recorder = new RunRecorder();
  execution.addListener(recorder);
  const host = new StrategyHost(config.strategy, { clock, execution, portfolio, instruments });
  const strategy = config.strategy;
  // The position object is the single holder of the mark price; the loop writes it directly.
  const position = portfolio.position(instrument);
  const progressEvery = Math.max(1, Math.floor(config.progressEvery ?? 250_000));
  const onProgress = config.onProgress;
  const instrumentId = instrument.id;

  let timestamps: Float64Array;
  let equity: Float64Array;
  let exposedBars = 0;

  strategy.onStart?.(host);

  if (config.data.kind === 'bars') {
    const series = config.data.bars;
    if (series.instrumentId !== instrumentId)
      throw new Error(`bars are for ${series.instrumentId}, the backtest trades ${instrumentId}`);
    timestamps = series.ts;
    equity = new Float64Array(series.length);
    const parts = { clock, venue, portfolio, position, risk, strategy, host };
    exposedBars = replayBars(series, equity, parts, progressEvery, onProgress).exposedBars;
  } else {
    const ticks = config.data.ticks;
    const n = ticks.length;
    timestamps = new Float64Array(n);
    equity = new Float64Array(n);
    let untilProgress = progressEvery;
    const aggregator =
      config.data.barIntervalMs !== undefined
        ? new TickBarAggregator(instrumentId, config.data.barIntervalMs)
        : undefined;
    for (let i = 0; i < n; i++) {
      const tick = ticks[i]!;
      if (tick.instrumentId !== instrumentId)
        throw new Error(`tick ${i} is for ${tick.instrumentId}, the backtest trades ${instrumentId}`);
      clock.advanceTo(tick.ts);
      // A bar completed by this tick is dispatched first: it holds only earlier information.
      const bar = aggregator?.update(tick);
      if (bar !== undefined) strategy.onBar?.(bar, host);
      if (venue.hasWork) venue.onTick(tick);
      position.markPrice = tick.price;
      const value = portfolio.equity();
      risk.observeEquity(tick.ts, value);
      strategy.onTick?.(tick, host);
      timestamps[i] = tick.ts;
      equity[i] = value;
      if (position.quantity !== 0) exposedBars++;
      if (--untilProgress === 0) {
        untilProgress = progressEvery;
        onProgress?.(i + 1, n);
      }
    }
  }

  strategy.onStop?.(host);
  const events = equity.length;
  onProgress?.(events, events);
  const finalAccount = portfolio.snapshot(clock.now());
  const { fills: fillLog, tradeLog } = recorder;
  let fills: readonly Fill[] | undefined;
  return {
    strategyId: strategy.id,
    instrumentId,
    events,
    timestamps,
    equity,
    // Built from the columns on first read: a caller that reads only the metrics never pays for
    // an object per fill.
    get fills(): readonly Fill[] {
      return (fills ??= fillLog.toArray());
    },
    get roundTrips(): readonly RoundTrip[] {
      return tradeLog.roundTrips;
    },
    orders: recorder.orders,
    denials: recorder.denials,
    finalAccount,
    metrics: computeMetrics({
      initialEquity: initialCash,
      equity,
      timestamps,
      exposedBars,
      roundTrips: tradeLog.count,
      winningTrips: tradeLog.wins,
      fills: fillLog.length,
      fees: recorder.fees,
    }),
    anomalies: execution.anomalies,
  };
}
