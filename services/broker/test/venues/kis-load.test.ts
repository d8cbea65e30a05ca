import { OrderStatus, OrderType } from '@tradeforge/core';
import type { Order } from '@tradeforge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockKisVenue } from '../../src/venues/kis/mock-kis-venue.js';
import { VenueReconciler } from '../../src/venues/shared/venue-reconciler.js';
import { SAMSUNG, kisAdapter, kisClient, startMockKis } from './kis-fixture.js';

const ORDERS = Number(process.env['LOAD_KIS'] ?? 300);

// Faults on every route: 503 before processing, 500 or a dropped connection after it, and
// requests stalled past the client's timeout.
const FAULTS = {
  serverErrorRate: 0.02,
  errorAfterProcessRate: 0.02,
  dropAfterProcessRate: 0.02,
  stallRate: 0.01,
  stallMs: 1_500,
};

let mock: MockKisVenue;
beforeAll(async () => {
  // A small window so the limit binds within seconds; the adapter is told the same limit.
  mock = await startMockKis({ balances: { KRW: 1e12 }, limits: { perWindow: 20, windowMs: 100 }, faultSeed: 5 });
  mock.setPrice('005930', 70_000);
});
afterAll(() => mock.stop());

describe('KIS under load with injected faults', () => {
  it('no limit exceeded, no order lost or doubled, every UNKNOWN resolved, positions reconcile', async () => {
    const adapter = kisAdapter(mock, {
      limits: [{ name: 'requests', limit: 20, windowMs: 100 }],
      resilience: { timeoutMs: 1_000, backoff: { baseMs: 10, maxMs: 100 } },
      unknownGraceMs: 2_000,
      // Injected faults should exercise the UNKNOWN path, not keep the circuit open.
      breaker: { failureThreshold: 50, resetAfterMs: 500 },
    });
    await adapter.connect();
    const { client, book } = kisClient(adapter);
    const reconciler = new VenueReconciler(client, [SAMSUNG], (id) => book.position(id));
    await reconciler.start([]);
    mock.setFaults({ ...FAULTS });

    // Every fifth order is marketable (fills on arrival); the others rest. Prices repeat every
    // 40 orders, so identical orders are common.
    const orders: Order[] = Array.from({ length: ORDERS }, (_, i) =>
      book.create({
        instrument: SAMSUNG,
        side: 'BUY',
        type: OrderType.Limit,
        quantity: 1 + (i % 3),
        price: i % 5 === 0 ? 70_000 + (Math.floor(i / 5) % 10) * 100 : 65_000 + (i % 40) * 100,
      }),
    );
    for (const order of orders) client.submitOrder(order);
    await client.idle();
    const resting = orders.filter((o) => o.status === OrderStatus.Accepted);
    for (const order of resting.slice(0, Math.floor(resting.length / 2))) {
      book.requestCancel(order);
      client.cancelOrder(order);
    }
    await client.idle();
    mock.setFaults({});
    const result = await reconciler.run();

    const unknowns = book.events.filter((e) => e.type === 'order.unknown').length;
    const venueOrders = mock.engine.orders;
    const byOdno = new Map(venueOrders.map((o) => [String(o.venueOrderId).padStart(10, '0'), o]));
    const ours = orders.filter((o) => o.venueOrderId !== undefined);
    const report = {
      orders: ORDERS,
      reachedVenue: venueOrders.length,
      rejected: orders.filter((o) => o.status === OrderStatus.Rejected).length,
      unknowns,
      injected: mock.faults.injected,
      busiestWindow: mock.counter.maxUsed,
    };
    console.info('kis load run', JSON.stringify(report));

    expect(mock.limitViolations).toBe(0);
    expect(book.anomalies).toEqual([]);
    expect(unknowns).toBeGreaterThan(0);
    // Every order closed out of SUBMITTED/UNKNOWN: accepted, filled, canceled or rejected.
    expect(orders.filter((o) => o.status === OrderStatus.Submitted || o.status === 'UNKNOWN')).toEqual([]);
    // Each venue order is exactly one of ours, with the same filled quantity; none we rejected.
    expect(new Set(ours.map((o) => o.venueOrderId)).size).toBe(ours.length);
    expect(ours).toHaveLength(venueOrders.length);
    for (const order of ours) {
      const atVenue = byOdno.get(order.venueOrderId!);
      expect(atVenue, order.clientOrderId).toBeDefined();
      expect(order.filledQuantity, order.clientOrderId).toBe(atVenue!.executed);
      expect(atVenue!.quantity).toBe(order.quantity);
      expect(atVenue!.price).toBe(order.price);
    }
    // A submit KIS processed before the answer was lost (500 after processing, connection dropped
    // after it, or held past our timeout) must be found, never given up as "never arrived".
    const processed = (o: Order) =>
      book.events.some(
        (e) =>
          e.clientOrderId === o.clientOrderId &&
          e.type === 'order.unknown' &&
          /HTTP 500|connection failed|no answer in time/.test(e.reason),
      );
    expect(orders.filter((o) => processed(o) && o.status === OrderStatus.Rejected)).toEqual([]);
    expect(result.foreignOrders).toEqual([]);
    expect(result.positions.status).toBe('reconciled');
    expect(result.tradingAllowed).toBe(true);
  });
});
