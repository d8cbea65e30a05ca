// Public entry of @tradeforge/core: the trading domain, with no I/O.

export * from './clock.js';

export * from './model/instrument.js';
export * from './model/market-data.js';
export * from './model/order-types.js';
export * from './model/order-request.js';
export * from './model/order-events.js';
export * from './model/order-state-machine.js';
export * from './model/order-view.js';
export * from './model/order.js';
export * from './model/position.js';
export * from './model/identifiers.js';

export * from './risk/denial-codes.js';
export * from './risk/risk-limits.js';
export * from './risk/risk-decision.js';
export * from './risk/risk-view.js';
export * from './risk/trading-state.js';
export * from './risk/rate-limiter.js';
export * from './risk/risk-engine.js';

export * from './portfolio/account.js';
export * from './portfolio/portfolio.js';

export * from './execution/venue-client.js';
export * from './execution/execution-engine.js';
export * from './execution/reconciliation.js';
export * from './execution/venue-adapter.js';

export * from './strategy/strategy.js';
export * from './strategy/strategy-host.js';
export * from './strategy/target-position.js';
export * from './strategy/indicators/index.js';

/** Versioned zod schemas of every message the services exchange: `contracts.parseMessage(data)`. */
export * as contracts from './contracts/index.js';
export { parseMessage, parseMessageOf } from './contracts/registry.js';
export type { Message, MessageType, MessageTypes } from './contracts/registry.js';
export type { ParseResult } from './contracts/parse-result.js';

export * from './backtest/random.js';
export * from './backtest/bar-series.js';
export * from './backtest/synthetic-data.js';
export * from './backtest/csv.js';
export * from './backtest/resample.js';
export * from './backtest/fee-model.js';
export * from './backtest/slippage-model.js';
export * from './backtest/latency-model.js';
export * from './backtest/simulated-venue-config.js';
export * from './backtest/simulated-venue.js';
export * from './backtest/trade-log.js';
export * from './backtest/metrics.js';
export * from './backtest/backtest-config.js';
export * from './backtest/backtest-result.js';
export * from './backtest/backtest-engine.js';
