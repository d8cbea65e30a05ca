import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../src/model/order-events.js';
import { ORDER_TRANSITIONS, TERMINAL_STATUSES, isTerminal } from '../src/model/order-state-machine.js';
import { Order } from '../src/model/order.js';
import { OrderStatus } from '../src/model/order-types.js';
import { fill, initialized } from './support/fixtures.js';

const base = { version: 1, clientOrderId: 'c-1', strategyId: 's', instrumentId: 'UNIT.SIM', ts: 1 } as const;

/** One of every event a venue or the engine can send, parameterised by fill size. */
function eventOf(kind: number, fillQuantity: number): OrderEvent {
  switch (kind) {
    case 0:
      return { ...base, type: 'order.denied', code: 'INVALID_PRICE', reason: 'x' };
    case 1:
      return { ...base, type: 'order.submitted', venue: 'SIM' };
    case 2:
      return { ...base, type: 'order.accepted', venueOrderId: 'v' };
    case 3:
      return { ...base, type: 'order.rejected', reason: 'x' };
    case 4:
      return { ...base, type: 'order.triggered' };
    case 5:
      return fill('BUY', fillQuantity, 100);
    case 6:
      return { ...base, type: 'order.pending-cancel' };
    case 7:
      return { ...base, type: 'order.cancel-rejected', reason: 'x' };
    case 8:
      return { ...base, type: 'order.canceled' };
    case 9:
      return { ...base, type: 'order.expired' };
    default:
      return { ...base, type: 'order.unknown', reason: 'timeout' };
  }
}

describe('order state machine', () => {
  it('walks the happy path with partial fills', () => {
    const order = new Order(initialized({ quantity: 10 }));
    expect(order.apply({ ...base, type: 'order.submitted', venue: 'SIM' }).ok).toBe(true);
    expect(order.apply({ ...base, type: 'order.accepted', venueOrderId: 'v-9' }).ok).toBe(true);
    expect(order.apply(fill('BUY', 4, 100)).ok).toBe(true);
    expect(order.status).toBe(OrderStatus.PartiallyFilled);
    expect(order.apply(fill('BUY', 6, 101)).ok).toBe(true);
    expect(order.status).toBe(OrderStatus.Filled);
    expect(order.filledQuantity).toBe(10);
    expect(order.averageFillPrice).toBeCloseTo(100.6, 10);
    expect(order.venueOrderId).toBe('v-9');
    expect(order.eventCount).toBe(5);
  });

  it('keeps Denied (our risk) apart from Rejected (the venue)', () => {
    const denied = new Order(initialized());
    denied.apply(eventOf(0, 1));
    expect(denied.status).toBe(OrderStatus.Denied);
    const rejected = new Order(initialized());
    rejected.apply(eventOf(1, 1));
    rejected.apply(eventOf(3, 1));
    expect(rejected.status).toBe(OrderStatus.Rejected);
    // A denied order was never sent, so a venue event cannot apply.
    expect(denied.apply(eventOf(2, 1)).ok).toBe(false);
  });

  it('refuses an illegal transition without changing the order', () => {
    const order = new Order(initialized());
    const result = order.apply({ ...base, type: 'order.accepted', venueOrderId: 'v' });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('INITIALIZED') });
    expect(order.status).toBe(OrderStatus.Initialized);
    expect(order.eventCount).toBe(1);
  });

  it('refuses overfills', () => {
    const order = new Order(initialized({ quantity: 10 }));
    order.apply(eventOf(1, 0));
    expect(order.apply(fill('BUY', 11, 100)).ok).toBe(false);
    expect(order.filledQuantity).toBe(0);
  });

  it('returns to the pre-cancel state when the cancel is rejected, including fills meanwhile', () => {
    const order = new Order(initialized({ quantity: 10 }));
    order.apply(eventOf(1, 0));
    order.apply(eventOf(2, 0));
    order.apply(eventOf(6, 0));
    expect(order.status).toBe(OrderStatus.PendingCancel);
    order.apply(fill('BUY', 3, 100));
    expect(order.status).toBe(OrderStatus.PendingCancel);
    order.apply(eventOf(7, 0));
    expect(order.status).toBe(OrderStatus.PartiallyFilled);
  });

  it('resolves UNKNOWN only through venue reports', () => {
    const order = new Order(initialized());
    order.apply(eventOf(1, 0));
    order.apply(eventOf(10, 0));
    expect(order.status).toBe(OrderStatus.Unknown);
    expect(order.isOpen).toBe(true);
    expect(order.apply(eventOf(1, 0)).ok).toBe(false); // never "resubmitted"
    expect(order.apply(eventOf(2, 0)).ok).toBe(true);
    expect(order.status).toBe(OrderStatus.Accepted);
  });

  it('lists no transitions for terminal states', () => {
    for (const status of TERMINAL_STATUSES) expect(Object.keys(ORDER_TRANSITIONS[status])).toEqual([]);
  });

  it('property: once terminal, no event sequence moves an order again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 12 })), { maxLength: 40 }),
        (steps) => {
          const order = new Order(initialized({ quantity: 10 }));
          let terminalStatus: OrderStatus | undefined;
          let terminalEvents = 0;
          for (const [kind, quantity] of steps) {
            const result = order.apply(eventOf(kind, quantity));
            if (terminalStatus !== undefined) {
              expect(result.ok).toBe(false);
              expect(order.status).toBe(terminalStatus);
              expect(order.eventCount).toBe(terminalEvents);
            } else if (isTerminal(order.status)) {
              terminalStatus = order.status;
              terminalEvents = order.eventCount;
            }
            expect(order.filledQuantity).toBeLessThanOrEqual(order.quantity);
          }
        },
      ),
    );
  });
});
