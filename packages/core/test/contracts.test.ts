import { describe, expect, it } from 'vitest';
import { contracts, parseMessage, parseMessageOf } from '../src/index.js';
import { toBarMessage } from '../src/contracts/market-data.js';
import { toAccountSnapshotMessage, toPositionSnapshotMessages } from '../src/contracts/portfolio.js';
import { toRiskDecisionMessage } from '../src/contracts/risk.js';
import { Portfolio } from '../src/portfolio/portfolio.js';
import { APPROVED, deny } from '../src/risk/risk-decision.js';
import { MESSAGE_TYPES } from '../src/contracts/registry.js';
import { UNITS, fill, initialized } from './support/fixtures.js';

const submit = {
  type: 'order.submit',
  version: 1,
  clientOrderId: 'alpha-1',
  strategyId: 'alpha',
  instrumentId: 'BTCUSDT.BINANCE',
  side: 'BUY',
  orderType: 'LIMIT',
  quantity: 0.5,
  price: 50_000,
  ts: 1_700_000_000_000,
};

describe('event contracts', () => {
  it('accept a valid command and fill in defaults', () => {
    const result = parseMessageOf('order.submit', submit);
    expect(result).toEqual({ ok: true, value: { ...submit, timeInForce: 'GTC', reduceOnly: false } });
  });

  it('reject malformed messages with a reason naming the field', () => {
    expect(parseMessage({ ...submit, quantity: -1 })).toEqual({
      ok: false,
      reason: expect.stringContaining('quantity'),
    });
    expect(parseMessage({ ...submit, price: undefined })).toEqual({
      ok: false,
      reason: 'price: LIMIT order needs a price',
    });
    expect(parseMessage({ ...submit, side: 'HOLD' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('side'),
    });
    expect(parseMessage({ ...submit, quantity: Number.NaN })).toMatchObject({ ok: false });
  });

  it('reject unknown types, unsupported versions and non-objects', () => {
    expect(parseMessage({ ...submit, type: 'order.teleport' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unknown message type "order.teleport"'),
    });
    expect(parseMessage({ ...submit, version: 2 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unsupported version 2'),
    });
    expect(parseMessage('{"type":"order.submit"}')).toEqual({ ok: false, reason: 'message must be a JSON object' });
    expect(parseMessageOf('order.cancel', submit)).toEqual({
      ok: false,
      reason: 'expected order.cancel, got order.submit',
    });
  });

  it('domain events are valid messages as they are (after a JSON round trip)', () => {
    for (const event of [initialized(), fill('SELL', 2, 99.5, { fee: -0.01 })]) {
      expect(parseMessage(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true, value: event });
    }
  });

  it('bars must be internally consistent', () => {
    const bar = toBarMessage({ instrumentId: 'X.SIM', ts: 60_000, open: 10, high: 12, low: 9, close: 11, volume: 5 });
    expect(parseMessage(bar).ok).toBe(true);
    expect(parseMessage({ ...bar, low: 11.5 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('low <= open'),
    });
  });

  it('every message type has a version-1 schema', () => {
    expect(MESSAGE_TYPES).toEqual(
      expect.arrayContaining([
        'market.bar',
        'market.tick',
        'order.submit',
        'order.cancel',
        'order.filled',
        'risk.decision',
        'risk.trading-state',
        'position.snapshot',
        'account.snapshot',
      ]),
    );
    expect(
      contracts.riskDecisionSchema.safeParse({
        type: 'risk.decision',
        version: 1,
        clientOrderId: 'a',
        ts: 1,
        approved: false,
        code: 'DAILY_LOSS_LIMIT',
        reason: 'x',
      }).success,
    ).toBe(true);
    expect(
      contracts.riskDecisionSchema.safeParse({
        type: 'risk.decision',
        version: 1,
        clientOrderId: 'a',
        ts: 1,
        approved: false,
        code: 'MADE_UP',
        reason: 'x',
      }).success,
    ).toBe(false);
  });

  it('helpers build valid risk, account and position messages from domain objects', () => {
    const portfolio = new Portfolio(1_000);
    portfolio.applyFill(fill('BUY', 2, 100, { fee: 0.2 }), UNITS);
    portfolio.mark(UNITS.id, 101);
    const snapshot = portfolio.snapshot(1_700_000_000_000);
    const messages = [
      toAccountSnapshotMessage('acct-1', snapshot),
      ...toPositionSnapshotMessages('acct-1', snapshot),
      toRiskDecisionMessage('c-1', APPROVED, 5),
      toRiskDecisionMessage('c-2', deny('DAILY_LOSS_LIMIT', 'loss 1000'), 6),
    ];
    for (const message of messages)
      expect(parseMessage(JSON.parse(JSON.stringify(message)))).toMatchObject({ ok: true });
    expect(messages.map((m) => m.type)).toEqual([
      'account.snapshot',
      'position.snapshot',
      'risk.decision',
      'risk.decision',
    ]);
  });
});
