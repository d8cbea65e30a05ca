import { createHash } from 'node:crypto';
import { createInstrument, generateSyntheticBars, runBacktest } from '@tradeforge/core';
import type { BacktestResult, Strategy } from '@tradeforge/core';
import { sampleStrategies } from '@tradeforge/sample-strategies';
import { describe, expect, it } from 'vitest';

// Performance work on the engine must not change a single result. These digests were recorded
// from the engine before the columnar result storage and the hot-path changes of the backtest
// benchmark work (commit 3e7c89c); any change to a fill, a round trip, an equity value, an order
// count or a metric changes them. If a deliberate change of behaviour moves them, record the new
// values in the same commit and say why.

const instrument = createInstrument({ symbol: 'BENCH', venue: 'SIM', tickSize: 0.01, lotSize: 1e-6 });
const bars = generateSyntheticBars({
  instrumentId: instrument.id,
  bars: 40_000,
  seed: 42,
  intervalMs: 60_000,
  volatility: 0.001,
});

function strategy(name: string, overrides: object = {}): Strategy {
  const definition = sampleStrategies[name]!;
  return definition.create({ ...definition.defaults, ...overrides, instrumentId: instrument.id });
}

const sha256 = (text: string | Float64Array): string =>
  createHash('sha256')
    .update(typeof text === 'string' ? text : new Uint8Array(text.buffer, text.byteOffset, text.byteLength))
    .digest('hex')
    .slice(0, 16);

/** Every field of every fill and round trip, in a fixed order, numbers in their exact shortest form. */
function digest(result: BacktestResult) {
  const fills = Array.from(result.fills, (f) =>
    [
      f.type,
      f.version,
      f.clientOrderId,
      f.strategyId,
      f.instrumentId,
      f.ts,
      f.venue,
      f.tradeId,
      f.venueOrderId,
      f.side,
      f.quantity,
      f.price,
      f.fee,
      f.liquidity,
    ].join('|'),
  );
  const trips = Array.from(result.roundTrips, (t) =>
    [t.instrumentId, t.direction, t.entryTs, t.exitTs, t.maxQuantity, t.netPnl, t.fees].join('|'),
  );
  const sorted = (value: object) => JSON.stringify(Object.fromEntries(Object.entries(value).sort()));
  return {
    fills: `${fills.length} ${sha256(fills.join('\n'))}`,
    roundTrips: `${trips.length} ${sha256(trips.join('\n'))}`,
    equity: sha256(result.equity),
    timestamps: sha256(result.timestamps),
    orders: sorted(result.orders),
    denials: sorted(result.denials),
    metrics: sorted(result.metrics),
    account: JSON.stringify(result.finalAccount),
    anomalies: result.anomalies.length,
  };
}

const EXPECTED: Record<string, ReturnType<typeof digest>> = {
  bench: {
    fills: '1614 d122c999c270bae4',
    roundTrips: '807 7d67e2ae5152a8ef',
    equity: '00886527e9234376',
    timestamps: '4a7336ad48b45227',
    orders: '{"canceled":0,"denied":0,"expired":0,"filled":1614,"rejected":0,"submitted":1614}',
    denials: '{}',
    metrics:
      '{"exposure":0.501525,"fees":7582.156348548532,"fills":1614,"finalEquity":89277.8169972513,"initialEquity":100000,"maxDrawdown":0.10953569053469972,"maxDrawdownAmount":10982.013615177711,"netPnl":-10722.183002748701,"roundTrips":807,"sharpe":-28.204817782664072,"totalReturn":-0.10722183002748698,"winRate":0.23543990086741015}',
    account:
      '{"ts":1706467200000,"currency":"USD","cash":89277.8169972513,"equity":89277.8169972513,"realizedPnl":-3140.026654200028,"unrealizedPnl":0,"fees":7582.156348548532,"grossExposure":0,"positions":[{"instrumentId":"BENCH.SIM","quantity":0,"averagePrice":0,"markPrice":95.71,"realizedPnl":-3140.026654200028,"unrealizedPnl":0,"fees":7582.156348548532}]}',
    anomalies: 0,
  },
  'sma-crossover': {
    fills: '1614 f84c0d0f997efd03',
    roundTrips: '807 9328dc8f402041a0',
    equity: '37f4d9cf1b32ad82',
    timestamps: '4a7336ad48b45227',
    orders: '{"canceled":0,"denied":0,"expired":0,"filled":1614,"rejected":0,"submitted":1614}',
    denials: '{}',
    metrics:
      '{"exposure":0.501525,"fees":44246.015706170525,"fills":1614,"finalEquity":33736.99789161935,"initialEquity":100000,"maxDrawdown":0.6708014888973703,"maxDrawdownAmount":68744.14920657214,"netPnl":-66263.00210838065,"roundTrips":807,"sharpe":-28.290792301822414,"totalReturn":-0.6626300210838065,"winRate":0.2342007434944238}',
    account:
      '{"ts":1706467200000,"currency":"USD","cash":33736.99789161935,"equity":33736.99789161935,"realizedPnl":-22016.98640221014,"unrealizedPnl":0,"fees":44246.015706170525,"grossExposure":0,"positions":[{"instrumentId":"BENCH.SIM","quantity":0,"averagePrice":0,"markPrice":95.71,"realizedPnl":-22016.98640221014,"unrealizedPnl":0,"fees":44246.015706170525}]}',
    anomalies: 0,
  },
  'mean-reversion': {
    fills: '1569 acafed969654241c',
    roundTrips: '784 9b0460e76a0db5fc',
    equity: 'b140f7cbe1ebef91',
    timestamps: '4a7336ad48b45227',
    orders: '{"canceled":0,"denied":0,"expired":0,"filled":1569,"rejected":0,"submitted":1569}',
    denials: '{}',
    metrics:
      '{"exposure":0.212875,"fees":44060.30793925988,"fills":1569,"finalEquity":28835.735417230047,"initialEquity":100000,"maxDrawdown":0.7143712595922904,"maxDrawdownAmount":72112.4042945027,"netPnl":-71164.26458276995,"roundTrips":784,"sharpe":-48.27627105821433,"totalReturn":-0.7116426458276995,"winRate":0.3979591836734694}',
    account:
      '{"ts":1706467200000,"currency":"USD","cash":1431.5514823300473,"equity":28835.735417230047,"realizedPnl":-26932.161529510126,"unrealizedPnl":-171.79511400000246,"fees":44060.30793925988,"grossExposure":27404.1839349,"positions":[{"instrumentId":"BENCH.SIM","quantity":286.32519,"averagePrice":96.31,"markPrice":95.71,"realizedPnl":-26932.161529510126,"unrealizedPnl":-171.79511400000246,"fees":44060.30793925988}]}',
    anomalies: 0,
  },
  breakout: {
    fills: '622 63eeb67958b7344a',
    roundTrips: '311 1db0ca7246b7e5ab',
    equity: '47ec75080acbcaac',
    timestamps: '4a7336ad48b45227',
    orders: '{"canceled":133,"denied":0,"expired":0,"filled":622,"rejected":0,"submitted":755}',
    denials: '{}',
    metrics:
      '{"exposure":0.286,"fees":24562.18941700578,"fills":622,"finalEquity":69451.76488706478,"initialEquity":100000,"maxDrawdown":0.3317196318150357,"maxDrawdownAmount":33906.88799425625,"netPnl":-30548.235112935217,"roundTrips":311,"sharpe":-12.353630427180825,"totalReturn":-0.3054823511293522,"winRate":0.2379421221864952}',
    account:
      '{"ts":1706467200000,"currency":"USD","cash":69451.76488706478,"equity":69451.76488706478,"realizedPnl":-5986.045695929905,"unrealizedPnl":0,"fees":24562.18941700578,"grossExposure":0,"positions":[{"instrumentId":"BENCH.SIM","quantity":0,"averagePrice":0,"markPrice":95.71,"realizedPnl":-5986.045695929905,"unrealizedPnl":0,"fees":24562.18941700578}]}',
    anomalies: 0,
  },
};

describe('fixed-seed backtests give the recorded results', () => {
  it('SMA crossover as the benchmark runs it (every signal an order)', () => {
    const result = runBacktest({
      instrument,
      data: { kind: 'bars', bars },
      strategy: strategy('sma-crossover', { allocation: 0.1 }),
      seed: 42,
      riskLimits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, dailyLossLimit: 1e12 },
    });
    expect(digest(result)).toEqual(EXPECTED['bench']);
  });

  it.each(['sma-crossover', 'mean-reversion', 'breakout'])('%s with its defaults and default limits', (name) => {
    const result = runBacktest({ instrument, data: { kind: 'bars', bars }, strategy: strategy(name), seed: 7 });
    expect(digest(result)).toEqual(EXPECTED[name]);
  });
});
