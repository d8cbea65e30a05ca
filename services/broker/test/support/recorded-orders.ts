import { Order } from '@tradeforge/core';
import type { OrderView, VenueEvent, contracts } from '@tradeforge/core';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { ADOPTABLE_STATUSES } from '../../src/routing/order-records.js';
import type { OrderRecords } from '../../src/routing/order-records.js';

type FillEvent = Extract<VenueEvent, { type: 'order.filled' }>;

/**
 * The platform's books as the order service and the portfolio keep them, from what brokers
 * publish on the bus: each order placed is core's `Order` state machine with every order event
 * applied, positions are the fills (each (venue, trade id) once). They outlive a broker, so a
 * restarted broker reads them as its `OrderRecords`. Events the state machine refuses are
 * anomalies; every fill published is kept, doubled ones included, for tests to count.
 */
export class RecordedOrders implements OrderRecords {
  readonly orders = new Map<string, Order>();
  readonly fills: FillEvent[] = [];
  readonly events: VenueEvent[] = [];
  readonly anomalies: string[] = [];

  async listen(bus: EventBus): Promise<void> {
    await bus.subscribe({
      groupId: 'test-records',
      topics: [PLATFORM_TOPICS.orderEvents],
      handler: ({ message }) => this.apply(message as VenueEvent),
    });
  }

  /** What the order service stores when it places an order and risk approves it. */
  place(command: contracts.SubmitOrderCommand): void {
    const base = {
      version: 1,
      clientOrderId: command.clientOrderId,
      strategyId: command.strategyId,
      instrumentId: command.instrumentId,
      ts: command.ts,
    } as const;
    const order = new Order({
      ...base,
      type: 'order.initialized',
      side: command.side,
      orderType: command.orderType,
      quantity: command.quantity,
      price: command.price,
      triggerPrice: command.triggerPrice,
      timeInForce: command.timeInForce,
      expireAt: command.expireAt,
      reduceOnly: command.reduceOnly ?? false,
      tag: command.tag,
    });
    order.apply({ ...base, type: 'order.submitted', venue: 'venue' });
    this.orders.set(command.clientOrderId, order);
  }

  fillsOf(clientOrderId: string): FillEvent[] {
    return this.fills.filter((f) => f.clientOrderId === clientOrderId);
  }

  openOrders(instrumentIds: readonly string[], venueOpen: readonly string[]): Promise<OrderView[]> {
    const wanted = new Set(instrumentIds);
    const open = [...this.orders.values()].filter(
      (o) => wanted.has(o.instrumentId) && (ADOPTABLE_STATUSES.has(o.status) || venueOpen.includes(o.clientOrderId)),
    );
    // Copies, as a record read over HTTP would be: the broker must not see later changes.
    return Promise.resolve(open.map(viewOf));
  }

  positions(instrumentIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const seen = new Set<string>();
    const positions = new Map<string, number>();
    for (const fill of this.fills) {
      const key = `${fill.venue}/${fill.tradeId}`;
      if (seen.has(key) || !instrumentIds.includes(fill.instrumentId)) continue;
      seen.add(key);
      const signed = fill.side === 'BUY' ? fill.quantity : -fill.quantity;
      positions.set(fill.instrumentId, (positions.get(fill.instrumentId) ?? 0) + signed);
    }
    return Promise.resolve(positions);
  }

  private apply(event: VenueEvent): void {
    this.events.push(event);
    if (event.type === 'order.filled') this.fills.push(event);
    const order = this.orders.get(event.clientOrderId);
    if (order === undefined) return;
    const result = order.apply(event);
    if (!result.ok) this.anomalies.push(`${event.clientOrderId} ${event.type}: ${result.reason}`);
  }
}

function viewOf(order: Order): OrderView {
  return {
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    price: order.price,
    triggerPrice: order.triggerPrice,
    timeInForce: order.timeInForce,
    expireAt: order.expireAt,
    reduceOnly: order.reduceOnly,
    tag: order.tag,
    createdAt: order.createdAt,
    status: order.status,
    filledQuantity: order.filledQuantity,
    leavesQuantity: order.leavesQuantity,
    averageFillPrice: order.averageFillPrice,
    venueOrderId: order.venueOrderId,
    triggered: order.triggered,
    isOpen: order.isOpen,
  };
}
