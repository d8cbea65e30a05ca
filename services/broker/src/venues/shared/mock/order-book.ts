import { Order, TimeInForce } from '@tradeforge/core';
import type { Instrument, OrderSide, OrderType, VenueEvent, VenueEventSink } from '@tradeforge/core';

/**
 * Our side of a run against a mock venue (tests, `npm run bench:venues`): real core `Order` state
 * machines that the venue client's events are applied to. An event the state machine refuses (a
 * doubled fill, an illegal transition) is an anomaly.
 */
export class OrderBook implements VenueEventSink {
  readonly orders = new Map<string, Order>();
  readonly events: VenueEvent[] = [];
  readonly anomalies: { event: VenueEvent; reason: string }[] = [];
  private sequence = 0;

  create(spec: {
    instrument: Instrument;
    side: OrderSide;
    type: OrderType;
    quantity: number;
    price?: number;
    timeInForce?: TimeInForce;
    clientOrderId?: string;
  }): Order {
    const clientOrderId = spec.clientOrderId ?? `t-${process.pid}-${++this.sequence}`;
    const base = {
      version: 1,
      clientOrderId,
      strategyId: 'test',
      instrumentId: spec.instrument.id,
      ts: Date.now(),
    } as const;
    const order = new Order({
      ...base,
      type: 'order.initialized',
      side: spec.side,
      orderType: spec.type,
      quantity: spec.quantity,
      price: spec.price,
      triggerPrice: undefined,
      timeInForce: spec.timeInForce ?? TimeInForce.GTC,
      expireAt: undefined,
      reduceOnly: false,
      tag: undefined,
    });
    order.apply({ ...base, type: 'order.submitted', venue: spec.instrument.venue });
    this.orders.set(clientOrderId, order);
    return order;
  }

  /** What the execution engine does before asking the venue to cancel. */
  requestCancel(order: Order): void {
    if (order.status === 'PENDING_CANCEL') return;
    const result = order.apply({
      version: 1,
      type: 'order.pending-cancel',
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      ts: Date.now(),
    });
    if (!result.ok) throw new Error(result.reason);
  }

  onVenueEvent(event: VenueEvent): void {
    this.events.push(event);
    const order = this.orders.get(event.clientOrderId);
    if (order === undefined) {
      this.anomalies.push({ event, reason: 'unknown order' });
      return;
    }
    const result = order.apply(event);
    if (!result.ok) this.anomalies.push({ event, reason: result.reason });
  }

  eventsOf(clientOrderId: string): string[] {
    return this.events.filter((e) => e.clientOrderId === clientOrderId).map((e) => e.type);
  }

  /** Signed position from the fills we applied. */
  position(instrumentId: string): number {
    let quantity = 0;
    for (const e of this.events) {
      if (e.type === 'order.filled' && e.instrumentId === instrumentId)
        quantity += e.side === 'BUY' ? e.quantity : -e.quantity;
    }
    return quantity;
  }
}
