import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest-engine.js';
import { BarSeries } from '../../src/backtest/bar-series.js';
import type { SimulatedVenueConfig } from '../../src/backtest/simulated-venue-config.js';
import type { OrderEvent } from '../../src/model/order-events.js';
import type { OrderRequest } from '../../src/model/order-request.js';
import type { Strategy, StrategyContext } from '../../src/strategy/strategy.js';
import { UNITS } from '../support/fixtures.js';

const MINUTE = 60_000;
type Ohlcv = [open: number, high: number, low: number, close: number, volume: number];

function bars(rows: Ohlcv[]): BarSeries {
  return BarSeries.fromBars(
    UNITS.id,
    rows.map(([open, high, low, close, volume], i) => ({ ts: (i + 1) * MINUTE, open, high, low, close, volume })),
  );
}

/** Submits the given orders on the given bar indexes and records every order event. */
function script(actions: Record<number, (ctx: StrategyContext) => void>): Strategy & { events: OrderEvent[] } {
  let index = 0;
  const events: OrderEvent[] = [];
  return {
    id: 'script',
    events,
    onBar(_bar, ctx) {
      actions[index]?.(ctx);
      index += 1;
    },
    onOrderUpdate(event) {
      events.push(event);
    },
  };
}

const frictionless: Partial<SimulatedVenueConfig> = {
  slippageBps: 0,
  randomSlippageBps: 0,
  makerFeeRate: 0,
  takerFeeRate: 0,
  latencyMs: 0,
  maxVolumeParticipation: 1,
};

function run(
  rows: Ohlcv[],
  request: OrderRequest | ((ctx: StrategyContext) => void),
  venue: Partial<SimulatedVenueConfig> = {},
  at = 0,
) {
  const strategy = script({ [at]: typeof request === 'function' ? request : (ctx) => ctx.submitOrder(request) });
  const result = runBacktest({
    instrument: UNITS,
    data: { kind: 'bars', bars: bars(rows) },
    strategy,
    venue: { ...frictionless, ...venue },
  });
  return { result, events: strategy.events, types: strategy.events.map((e) => e.type) };
}

const buyMarket: OrderRequest = { instrumentId: UNITS.id, side: 'BUY', type: 'MARKET', quantity: 10 };
const flat: Ohlcv = [100, 100, 100, 100, 1000];

describe('SimulatedVenue', () => {
  it('fills a market order at the next bar open, never at the signal bar close', () => {
    const { result, types } = run([flat, [101, 103, 100, 102, 1000]], buyMarket);
    expect(types).toEqual(['order.initialized', 'order.submitted', 'order.accepted', 'order.filled']);
    expect(result.fills[0]).toMatchObject({ price: 101, quantity: 10, liquidity: 'TAKER', ts: 2 * MINUTE });
  });

  it('applies slippage against the trader, rounded to the tick, and charges taker fees', () => {
    const { result } = run([flat, [100, 100, 100, 100, 1000]], buyMarket, { slippageBps: 10, takerFeeRate: 0.001 });
    expect(result.fills[0]).toMatchObject({ price: 100.1 });
    expect(result.fills[0]!.fee).toBeCloseTo(1.001, 10);
  });

  it('delays orders by the latency: a 90 s latency skips a one-minute bar', () => {
    const { result } = run([flat, [101, 101, 101, 101, 1000], [105, 105, 105, 105, 1000]], buyMarket, {
      latencyMs: 90_000,
    });
    expect(result.fills[0]).toMatchObject({ price: 105, ts: 3 * MINUTE });
  });

  it('splits fills across bars by volume participation (partial fills)', () => {
    const { result, events } = run(
      [flat, [100, 100, 100, 100, 40], [100, 100, 100, 100, 40], [100, 100, 100, 100, 40]],
      buyMarket,
      { maxVolumeParticipation: 0.1 },
    );
    expect(result.fills.map((f) => f.quantity)).toEqual([4, 4, 2]);
    expect(events.filter((e) => e.type === 'order.filled')).toHaveLength(3);
    expect(result.finalAccount.positions[0]?.quantity).toBe(10);
  });

  it('IOC cancels what did not fill on arrival; FOK fills all or nothing', () => {
    const ioc = run(
      [flat, [100, 100, 100, 100, 40]],
      { ...buyMarket, timeInForce: 'IOC' },
      { maxVolumeParticipation: 0.1 },
    );
    expect(ioc.result.fills.map((f) => f.quantity)).toEqual([4]);
    expect(ioc.types.at(-1)).toBe('order.canceled');
    const fok = run(
      [flat, [100, 100, 100, 100, 40]],
      { ...buyMarket, timeInForce: 'FOK' },
      { maxVolumeParticipation: 0.1 },
    );
    expect(fok.result.fills).toEqual([]);
    expect(fok.types.at(-1)).toBe('order.canceled');
  });

  it('rests a limit order and fills it at its price, as maker, when the market trades through', () => {
    const limit: OrderRequest = { instrumentId: UNITS.id, side: 'BUY', type: 'LIMIT', quantity: 10, price: 98 };
    const { result } = run([flat, [100, 101, 99, 100, 1000], [99, 99, 97, 98, 1000]], limit, { makerFeeRate: 0.0002 });
    expect(result.fills).toEqual([expect.objectContaining({ price: 98, liquidity: 'MAKER', ts: 3 * MINUTE })]);
    expect(result.fills[0]!.fee).toBeCloseTo(0.196, 10);
  });

  it('fills a marketable limit on arrival at the open, capped by its limit', () => {
    const limit: OrderRequest = { instrumentId: UNITS.id, side: 'BUY', type: 'LIMIT', quantity: 10, price: 101 };
    const { result } = run([flat, [100.5, 101, 100, 100, 1000]], limit, { slippageBps: 100 });
    expect(result.fills[0]).toMatchObject({ price: 101, liquidity: 'TAKER' });
  });

  it('models queue position: touches fill only after the queue ahead has traded', () => {
    const limit: OrderRequest = { instrumentId: UNITS.id, side: 'BUY', type: 'LIMIT', quantity: 10, price: 99 };
    // Resting bar: queue ahead = 5% of 1000 = 50. Each touch trades 2% of 1000 = 20 at 99.
    const touch: Ohlcv = [100, 100, 99, 100, 1000];
    const { result } = run([flat, [100, 100, 100, 100, 1000], touch, touch, touch, touch], limit, {
      queueAheadShare: 0.05,
      touchVolumeShare: 0.02,
    });
    // Touch 1: queue 50→30; touch 2: 30→10; touch 3: 10→0 and 10 left for us; touch 4: nothing left to fill.
    expect(result.fills.map((f) => [f.ts / MINUTE, f.quantity])).toEqual([[5, 10]]);
  });

  it('triggers stops on the range and fills at the trigger (or the open on a gap)', () => {
    const stop: OrderRequest = { instrumentId: UNITS.id, side: 'SELL', type: 'STOP', quantity: 10, triggerPrice: 95 };
    const { result, types } = run([flat, [100, 100, 96, 97, 1000], [97, 98, 94, 95, 1000]], (ctx) => {
      ctx.submitOrder(buyMarket);
      ctx.submitOrder(stop);
    });
    expect(types).toContain('order.triggered');
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['BUY', 100],
      ['SELL', 95],
    ]);
    const gap = run([flat, [100, 100, 100, 100, 1000], [90, 91, 89, 90, 1000]], (ctx) => {
      ctx.submitOrder(buyMarket);
      ctx.submitOrder(stop);
    });
    expect(gap.result.fills.at(-1)).toMatchObject({ side: 'SELL', price: 90 });
  });

  it('expires GTD orders and honours cancels after the latency', () => {
    const gtd: OrderRequest = {
      instrumentId: UNITS.id,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 10,
      price: 97,
      timeInForce: 'GTD',
      expireAt: 3 * MINUTE,
    };
    const expired = run([flat, flat, flat, flat], gtd);
    expect(expired.types.at(-1)).toBe('order.expired');

    const strategy = script({
      0: (ctx) => ctx.submitOrder({ ...gtd, timeInForce: 'GTC', clientOrderId: 'mine' }),
      2: (ctx) => ctx.cancelOrder('mine'),
    });
    runBacktest({
      instrument: UNITS,
      data: { kind: 'bars', bars: bars([flat, flat, flat, flat]) },
      strategy,
      venue: frictionless,
    });
    expect(strategy.events.map((e) => e.type).slice(-2)).toEqual(['order.pending-cancel', 'order.canceled']);
  });

  it('on ticks, a resting limit fills only after the traded size at its price has cleared the queue', () => {
    const tick = (i: number, price: number, size: number) => ({ instrumentId: UNITS.id, ts: i * 1000, price, size });
    const ticks = [
      tick(1, 100, 10),
      tick(2, 100, 400),
      tick(3, 99, 30),
      tick(4, 99, 30),
      tick(5, 99, 30),
      tick(6, 98.5, 50),
    ];
    let sent = false;
    const strategy: Strategy = {
      id: 'tick-limit',
      onTick(_tick, ctx) {
        if (sent) return;
        sent = true;
        ctx.submitOrder({ instrumentId: UNITS.id, side: 'BUY', type: 'LIMIT', quantity: 40, price: 99 });
      },
    };
    // Queue ahead when it starts resting (tick 2): 5 % of 400 = 20.
    const result = runBacktest({
      instrument: UNITS,
      data: { kind: 'ticks', ticks },
      strategy,
      venue: { ...frictionless, queueAheadShare: 0.05 },
    });
    expect(result.fills.map((f) => [f.ts / 1000, f.quantity, f.price, f.liquidity])).toEqual([
      [3, 10, 99, 'MAKER'], // 30 traded at 99: 20 clear the queue, 10 for us
      [4, 30, 99, 'MAKER'],
    ]);
  });
});
