import { describe, expect, it } from 'vitest';
import { eventsFromOrderReport, reconcilePositions } from '../src/execution/reconciliation.js';
import { OrderStatus } from '../src/model/order-types.js';
import { BTC, UNITS } from './support/fixtures.js';
import { header, makeKernel } from './support/kernel.js';

const request = { instrumentId: UNITS.id, side: 'BUY', type: 'LIMIT', quantity: 10, price: 100 } as const;

describe('resolving an UNKNOWN order from a venue report', () => {
  it('infers the missed fill at the price that matches the venue average, and never resends', () => {
    const { execution, venue, portfolio } = makeKernel();
    execution.submit(request, 's');
    const order = venue.submitted[0]!;
    venue.send({ ...header(order), type: 'order.accepted', venueOrderId: 'V1' });
    venue.send({
      ...header(order),
      type: 'order.filled',
      venue: 'SIM',
      tradeId: 'T1',
      venueOrderId: 'V1',
      side: 'BUY',
      quantity: 4,
      price: 100,
      fee: 0,
      liquidity: 'MAKER',
    });
    venue.send({ ...header(order), type: 'order.unknown', reason: 'cancel timed out' });
    expect(order.status).toBe(OrderStatus.Unknown);

    const report = {
      clientOrderId: order.clientOrderId,
      venueOrderId: 'V1',
      status: OrderStatus.Canceled,
      filledQuantity: 7,
      averagePrice: 99.4,
      ts: 5,
    };
    const events = eventsFromOrderReport(order, report, 'SIM');
    expect(events.map((e) => e.type)).toEqual(['order.accepted', 'order.filled', 'order.canceled']);
    for (const event of events) execution.onVenueEvent(event);
    expect(order.status).toBe(OrderStatus.Canceled);
    expect(order.filledQuantity).toBe(7);
    expect(order.averageFillPrice).toBeCloseTo(99.4, 10);
    expect(portfolio.quantityOf(UNITS.id)).toBe(7);
    expect(venue.submitted).toHaveLength(1);

    // Applying the same report again changes nothing.
    for (const event of eventsFromOrderReport(order, report, 'SIM')) execution.onVenueEvent(event);
    expect(portfolio.quantityOf(UNITS.id)).toBe(7);
  });

  it('maps a rejection report to order.rejected', () => {
    const { execution, venue } = makeKernel();
    execution.submit(request, 's');
    const order = venue.submitted[0]!;
    venue.send({ ...header(order), type: 'order.unknown', reason: 'submit timed out' });
    const events = eventsFromOrderReport(
      order,
      {
        clientOrderId: order.clientOrderId,
        venueOrderId: 'V',
        status: OrderStatus.Rejected,
        filledQuantity: 0,
        ts: 1,
        reason: 'insufficient balance',
      },
      'SIM',
    );
    expect(events).toEqual([expect.objectContaining({ type: 'order.rejected', reason: 'insufficient balance' })]);
  });
});

describe('reconcilePositions', () => {
  const local = (quantities: Record<string, number>) => (id: string) => quantities[id] ?? 0;

  it('is reconciled only when every instrument is reported and equal', () => {
    expect(
      reconcilePositions([UNITS, BTC], local({ [UNITS.id]: 5 }), [
        { instrumentId: UNITS.id, quantity: 5 },
        { instrumentId: BTC.id, quantity: 0 },
      ]),
    ).toEqual({ status: 'reconciled' });
  });

  it('fails closed when a report is missing: absent is not flat', () => {
    expect(reconcilePositions([UNITS, BTC], local({}), [{ instrumentId: UNITS.id, quantity: 0 }])).toEqual({
      status: 'incomplete',
      differences: [{ instrumentId: BTC.id, local: 0, venue: undefined }],
    });
  });

  it('reports differences beyond float noise', () => {
    const result = reconcilePositions([UNITS, BTC], local({ [UNITS.id]: 5, [BTC.id]: 0.1 + 0.2 }), [
      { instrumentId: UNITS.id, quantity: 3 },
      { instrumentId: BTC.id, quantity: 0.3 },
    ]);
    expect(result).toEqual({ status: 'mismatch', differences: [{ instrumentId: UNITS.id, local: 5, venue: 3 }] });
  });
});
