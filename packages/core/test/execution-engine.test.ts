import { describe, expect, it } from 'vitest';
import type { Fill, OrderEvent } from '../src/model/order-events.js';
import { OrderStatus } from '../src/model/order-types.js';
import { UNITS } from './support/fixtures.js';
import { header, makeKernel } from './support/kernel.js';

const request = { instrumentId: UNITS.id, side: 'BUY', type: 'LIMIT', quantity: 10, price: 100 } as const;

function fillOf(order: Parameters<typeof header>[0], tradeId: string, quantity: number, price = 100): Fill {
  return {
    ...header(order),
    type: 'order.filled',
    venue: 'SIM',
    tradeId,
    venueOrderId: 'V1',
    side: order.side,
    quantity,
    price,
    fee: 0.1,
    liquidity: 'MAKER',
  };
}

describe('ExecutionEngine', () => {
  it('creates the client order id locally before the venue sees the order', () => {
    const { execution, venue } = makeKernel();
    const events: OrderEvent[] = [];
    execution.addListener({ onOrderEvent: (event) => events.push(event), onFill: () => {} });
    const outcome = execution.submit(request, 'alpha');
    expect(outcome.clientOrderId).toBe('alpha-0-1');
    expect(venue.submitted[0]?.clientOrderId).toBe('alpha-0-1');
    expect(events.map((e) => e.type)).toEqual(['order.initialized', 'order.submitted']);
    expect(execution.submit(request, 'alpha').clientOrderId).toBe('alpha-0-2');
  });

  it('submitting the same client order id twice has no second effect', () => {
    const { execution, venue } = makeKernel();
    const first = execution.submit({ ...request, clientOrderId: 'mine-1' }, 's');
    const second = execution.submit({ ...request, clientOrderId: 'mine-1', quantity: 99 }, 's');
    expect(first.status).toBe('submitted');
    expect(second.status).toBe('duplicate');
    expect(second.status === 'duplicate' && second.order?.quantity).toBe(10);
    expect(venue.submitted).toHaveLength(1);
  });

  it('denied orders never reach the venue', () => {
    const { execution, venue } = makeKernel();
    const outcome = execution.submit({ ...request, price: 1 }, 's');
    expect(outcome).toMatchObject({ status: 'denied', code: 'PRICE_BAND_EXCEEDED' });
    expect(venue.submitted).toHaveLength(0);
    expect(execution.order(outcome.clientOrderId)?.status).toBe(OrderStatus.Denied);
  });

  it('applies each fill once, to the order and to the portfolio', () => {
    const { execution, venue, portfolio } = makeKernel();
    const fills: Fill[] = [];
    execution.addListener({ onOrderEvent: () => {}, onFill: (fill) => fills.push(fill) });
    execution.submit(request, 's');
    const order = venue.submitted[0]!;
    venue.send({ ...header(order), type: 'order.accepted', venueOrderId: 'V1' });
    venue.send(fillOf(order, 'T1', 4));
    venue.send(fillOf(order, 'T1', 4)); // re-delivered
    expect(order.filledQuantity).toBe(4);
    expect(portfolio.quantityOf(UNITS.id)).toBe(4);
    expect(fills).toHaveLength(1);
    expect(execution.anomalies).toEqual([expect.objectContaining({ reason: 'duplicate fill SIM/T1' })]);
    venue.send(fillOf(order, 'T2', 6));
    expect(order.status).toBe(OrderStatus.Filled);
    expect(execution.openOrderCount()).toBe(0);
  });

  it('timeouts make the order UNKNOWN; a query resolves it and nothing is resent', () => {
    const { execution, venue } = makeKernel();
    execution.submit(request, 's');
    const order = venue.submitted[0]!;
    venue.send({ ...header(order), type: 'order.unknown', reason: 'submit timed out after 5s' });
    expect(order.status).toBe(OrderStatus.Unknown);
    expect(execution.openOrderCount()).toBe(1);
    expect(execution.queryUnknownOrders()).toBe(1);
    expect(venue.queried.map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);
    expect(venue.submitted).toHaveLength(1);
    venue.send({ ...header(order), type: 'order.accepted', venueOrderId: 'V7' });
    expect(order.status).toBe(OrderStatus.Accepted);
  });

  it('cancel: pending until the venue confirms; a rejected cancel restores the order', () => {
    const { execution, venue } = makeKernel();
    const { clientOrderId } = execution.submit(request, 's');
    const order = venue.submitted[0]!;
    venue.send({ ...header(order), type: 'order.accepted', venueOrderId: 'V1' });
    expect(execution.cancel(clientOrderId).status).toBe('pending-cancel');
    expect(order.status).toBe(OrderStatus.PendingCancel);
    venue.send({ ...header(order), type: 'order.cancel-rejected', reason: 'too late' });
    expect(order.status).toBe(OrderStatus.Accepted);
    execution.cancel(clientOrderId);
    venue.send({ ...header(order), type: 'order.canceled' });
    expect(order.status).toBe(OrderStatus.Canceled);
    expect(execution.cancel(clientOrderId)).toMatchObject({ status: 'denied', code: 'ORDER_NOT_CANCELABLE' });
    expect(execution.cancel('nope')).toMatchObject({ status: 'denied', code: 'ORDER_NOT_FOUND' });
  });

  it('records venue events for unknown orders and illegal transitions as anomalies', () => {
    const { execution, venue } = makeKernel();
    const seen: string[] = [];
    execution.addListener({
      onOrderEvent: () => {},
      onFill: () => {},
      onAnomaly: (anomaly) => seen.push(anomaly.reason),
    });
    execution.submit(request, 's');
    const order = venue.submitted[0]!;
    venue.send({ ...header(order), clientOrderId: 'ghost', type: 'order.accepted', venueOrderId: 'V' });
    venue.send({ ...header(order), type: 'order.canceled' });
    venue.send({ ...header(order), type: 'order.accepted', venueOrderId: 'V' });
    expect(seen).toHaveLength(2);
    expect(execution.anomalies.map((a) => a.reason)).toEqual([
      'no order ghost',
      expect.stringContaining('illegal transition CANCELED'),
    ]);
  });

  it('client order ids stay unique after orders age out of memory', () => {
    const { execution, venue, clock } = makeKernel({ denyDuplicateOrders: false, maxOrdersPerSecond: 1000 });
    const first = execution.submit({ ...request, clientOrderId: 'mine-1' }, 's');
    const generated = execution.submit(request, 's');
    // Close both and push them out of the recent window with 300 more closed orders.
    for (const order of [...venue.submitted]) venue.send({ ...header(order), type: 'order.canceled' });
    for (let i = 0; i < 300; i++) {
      clock.advanceTo(clock.now() + 10);
      const outcome = execution.submit({ ...request, price: 1 }, 's'); // denied: closes at once
      expect(outcome.status).toBe('denied');
    }
    expect(execution.order(first.clientOrderId)).toBeUndefined();
    expect(execution.submit({ ...request, clientOrderId: 'mine-1' }, 's')).toEqual({
      status: 'duplicate',
      clientOrderId: 'mine-1',
      order: undefined,
    });
    expect(execution.submit({ ...request, clientOrderId: generated.clientOrderId }, 's').status).toBe('duplicate');
  });

  it('never generates an id a caller already supplied', () => {
    const { execution } = makeKernel({ denyDuplicateOrders: false });
    execution.submit({ ...request, clientOrderId: 's-0-1' }, 's');
    expect(execution.submit(request, 's').clientOrderId).toBe('s-0-2');
  });
});
