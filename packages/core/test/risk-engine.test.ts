import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../src/model/order-request.js';
import { DENIAL_DESCRIPTIONS, DenialCode } from '../src/risk/denial-codes.js';
import { RollingWindowLimiter } from '../src/risk/rate-limiter.js';
import { resolveRiskLimits } from '../src/risk/risk-limits.js';
import type { RiskLimits } from '../src/risk/risk-limits.js';
import { TradingState } from '../src/risk/trading-state.js';
import { BTC, UNITS } from './support/fixtures.js';
import { header, makeKernel } from './support/kernel.js';

const buy = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
  instrumentId: UNITS.id,
  side: 'BUY',
  type: 'LIMIT',
  quantity: 10,
  price: 100,
  ...overrides,
});

function denialOf(request: OrderRequest, limits: Partial<RiskLimits> = {}) {
  const { execution } = makeKernel(limits);
  const outcome = execution.submit(request, 's');
  return outcome.status === 'denied' ? outcome.code : outcome.status;
}

describe('RiskEngine pre-trade checks', () => {
  it.each([
    ['unknown instrument', buy({ instrumentId: 'NOPE.SIM' }), DenialCode.UnknownInstrument],
    ['limit without price', buy({ price: undefined }), DenialCode.InvalidOrder],
    ['stop without trigger', buy({ type: 'STOP', price: undefined }), DenialCode.InvalidOrder],
    ['GTD without expiry', buy({ timeInForce: 'GTD' }), DenialCode.InvalidOrder],
    ['zero quantity', buy({ quantity: 0 }), DenialCode.InvalidQuantity],
    ['fractional lot', buy({ quantity: 1.5 }), DenialCode.InvalidQuantity],
    ['off-tick price', buy({ price: 100.005 }), DenialCode.InvalidPrice],
    ['negative price', buy({ price: -1 }), DenialCode.InvalidPrice],
    [
      'below min notional',
      { instrumentId: BTC.id, side: 'BUY', type: 'LIMIT', quantity: 0.001, price: 4000 } as OrderRequest,
      DenialCode.BelowMinNotional,
    ],
    ['price band', buy({ price: 106 }), DenialCode.PriceBandExceeded],
    ['max order notional', buy({ quantity: 200 }), DenialCode.MaxOrderNotionalExceeded, { maxOrderNotional: 10_000 }],
    ['reduce-only when flat', buy({ reduceOnly: true }), DenialCode.ReduceOnlyViolation],
    [
      'buying power',
      buy({ quantity: 1_100 }),
      DenialCode.InsufficientBuyingPower,
      { maxOrderNotional: 1e6, maxPositionNotional: 1e6 },
    ],
  ] as const)('denies %s', (_name, request, code, limits?: Partial<RiskLimits>) => {
    expect(denialOf(request, limits)).toBe(code);
  });

  it('approves a plain valid order', () => {
    expect(denialOf(buy())).toBe('submitted');
  });

  it('denies a position beyond the per-instrument limit but lets it shrink', () => {
    const { execution, venue, portfolio } = makeKernel({ maxPositionNotional: 5_000 });
    const first = execution.submit(buy({ quantity: 40 }), 's');
    expect(first.status).toBe('submitted');
    const order = venue.submitted[0]!;
    venue.send({
      ...header(order),
      type: 'order.filled',
      venue: 'SIM',
      tradeId: 'T1',
      venueOrderId: 'V1',
      side: 'BUY',
      quantity: 40,
      price: 100,
      fee: 0,
      liquidity: 'TAKER',
    });
    expect(portfolio.quantityOf(UNITS.id)).toBe(40);
    expect(execution.submit(buy({ quantity: 20 }), 's')).toMatchObject({ code: DenialCode.MaxPositionExceeded });
    expect(execution.submit(buy({ side: 'SELL', quantity: 20 }), 's').status).toBe('submitted');
  });

  it('denies more working orders than allowed and identical duplicates', () => {
    const { execution } = makeKernel({ maxOpenOrders: 2 });
    expect(execution.submit(buy(), 's').status).toBe('submitted');
    expect(execution.submit(buy(), 's')).toMatchObject({ code: DenialCode.DuplicateOrder });
    expect(execution.submit(buy({ price: 99 }), 's').status).toBe('submitted');
    expect(execution.submit(buy({ price: 98 }), 's')).toMatchObject({ code: DenialCode.MaxOpenOrdersExceeded });
  });

  it('rate-limits orders per rolling second and recovers after it', () => {
    const { execution, clock } = makeKernel({ maxOrdersPerSecond: 3, denyDuplicateOrders: false });
    for (let i = 0; i < 3; i++) expect(execution.submit(buy({ quantity: 1 }), 's').status).toBe('submitted');
    expect(execution.submit(buy({ quantity: 1 }), 's')).toMatchObject({ code: DenialCode.OrderRateExceeded });
    clock.advanceTo(clock.now() + 1000);
    expect(execution.submit(buy({ quantity: 1 }), 's').status).toBe('submitted');
  });

  it('rate-limits cancels', () => {
    const { execution } = makeKernel({ maxCancelsPerSecond: 1, denyDuplicateOrders: false });
    const a = execution.submit(buy({ quantity: 1 }), 's');
    const b = execution.submit(buy({ quantity: 2 }), 's');
    expect(execution.cancel(a.clientOrderId).status).toBe('pending-cancel');
    expect(execution.cancel(b.clientOrderId)).toMatchObject({ code: DenialCode.CancelRateExceeded });
  });

  it('REDUCING allows only reductions; HALTED allows nothing new; cancels always pass', () => {
    const { execution, venue, risk } = makeKernel();
    const open = execution.submit(buy({ quantity: 10, type: 'MARKET', price: undefined }), 's');
    const order = venue.submitted[0]!;
    venue.send({
      ...header(order),
      type: 'order.filled',
      venue: 'SIM',
      tradeId: 'T1',
      venueOrderId: 'V1',
      side: 'BUY',
      quantity: 10,
      price: 100,
      fee: 0,
      liquidity: 'TAKER',
    });
    expect(open.status).toBe('submitted');
    const resting = execution.submit(buy({ price: 99 }), 's');

    risk.setTradingState(TradingState.Reducing, 'operator');
    expect(execution.submit(buy({ price: 98 }), 's')).toMatchObject({ code: DenialCode.ReducingOnly });
    expect(execution.submit(buy({ side: 'SELL', quantity: 5, price: 101 }), 's').status).toBe('submitted');

    risk.setTradingState(TradingState.Halted, 'operator');
    expect(execution.submit(buy({ side: 'SELL', quantity: 5, price: 102 }), 's')).toMatchObject({
      code: DenialCode.TradingHalted,
    });
    expect(execution.cancel(resting.clientOrderId).status).toBe('pending-cancel');
  });

  it('halts trading when the daily loss limit is reached and resets on a new UTC day', () => {
    const { risk } = makeKernel({ dailyLossLimit: 1_000 });
    const changes: string[] = [];
    risk.onTradingStateChanged((event) => changes.push(`${event.state}: ${event.reason}`));
    const day = Date.UTC(2024, 0, 2);
    risk.observeEquity(day + 1, 100_000);
    risk.observeEquity(day + 2, 99_500);
    expect(risk.tradingState).toBe(TradingState.Active);
    risk.observeEquity(day + 3, 98_900);
    expect(risk.tradingState).toBe(TradingState.Halted);
    expect(changes).toEqual([expect.stringMatching(/^HALTED: daily loss 1100\.00/)]);
    expect(risk.dailyLoss(98_900)).toBe(1_100);
    risk.observeEquity(day + 86_400_000, 98_900);
    expect(risk.dailyLoss(98_900)).toBe(0);
    // The automatic halt ends with the day; an operator's halt does not.
    expect(risk.tradingState).toBe(TradingState.Active);
    risk.setTradingState(TradingState.Halted, 'operator');
    risk.observeEquity(day + 2 * 86_400_000, 98_900);
    expect(risk.tradingState).toBe(TradingState.Halted);
  });

  it('documents every denial code', () => {
    for (const code of Object.values(DenialCode)) expect(DENIAL_DESCRIPTIONS[code]).toMatch(/\w/);
  });

  it('rejects nonsensical limits at start-up', () => {
    expect(() => resolveRiskLimits({ maxOpenOrders: 0 })).toThrow(/maxOpenOrders/);
    expect(resolveRiskLimits({ maxOpenOrders: undefined }).maxOpenOrders).toBe(50);
  });
});

describe('RollingWindowLimiter', () => {
  it('counts events inside the window only', () => {
    const limiter = new RollingWindowLimiter(2, 1000);
    limiter.record(0);
    limiter.record(500);
    expect(limiter.allows(999)).toBe(false);
    expect(limiter.allows(1000)).toBe(true);
    limiter.record(1000);
    expect(limiter.allows(1499)).toBe(false);
    expect(limiter.allows(1500)).toBe(true);
  });
});

describe('size limits and reducing orders', () => {
  it('never blocks the order that shrinks a position, however large', () => {
    const { execution, venue } = makeKernel({ maxOrderNotional: 5_000, maxPositionNotional: 1e6, maxLeverage: 10 });
    execution.submit(buy({ quantity: 40 }), 's');
    execution.submit(buy({ quantity: 40, price: 99 }), 's');
    for (const [i, order] of venue.submitted.entries()) {
      venue.send({
        ...header(order),
        type: 'order.filled',
        venue: 'SIM',
        tradeId: `T${i}`,
        venueOrderId: 'V',
        side: 'BUY',
        quantity: 40,
        price: 100,
        fee: 0,
        liquidity: 'TAKER',
      });
    }
    expect(execution.submit(buy({ quantity: 60 }), 's')).toMatchObject({ code: DenialCode.MaxOrderNotionalExceeded });
    expect(execution.submit(buy({ side: 'SELL', quantity: 80 }), 's').status).toBe('submitted');
  });
});
