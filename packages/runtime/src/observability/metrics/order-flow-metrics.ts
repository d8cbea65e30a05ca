import type { Message, OrderStatus } from '@tradeforge/core';
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { BusObservations } from '../service-event-bus.js';

/**
 * The trading metrics, each recorded by the one role where its fact happens, from the messages
 * that service publishes and handles (nothing in the services' own code):
 *
 * - `order` (owns every order's state): `tradeforge_orders_total{status}` and
 *   `tradeforge_order_to_fill_seconds{order_type}`;
 * - `risk` (decides): `tradeforge_risk_denials_total{code}`.
 *
 * Other roles record none of these.
 */
export function orderFlowMetricsFor(role: string, registry: Registry): BusObservations {
  if (role === 'order') return new OrderLifecycleMetrics(registry);
  if (role === 'risk') return new RiskDecisionMetrics(registry);
  return {};
}

/** Order events → the status they move an order to. `order.filled` is decided by quantity. */
const STATUS_OF_EVENT: Partial<Record<Message['type'], OrderStatus>> = {
  'order.denied': 'DENIED',
  'order.submitted': 'SUBMITTED',
  'order.accepted': 'ACCEPTED',
  'order.rejected': 'REJECTED',
  'order.pending-cancel': 'PENDING_CANCEL',
  'order.canceled': 'CANCELED',
  'order.expired': 'EXPIRED',
  'order.unknown': 'UNKNOWN',
};

const ENDS_ORDER = new Set<OrderStatus>(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED']);

/** Order-to-fill buckets, seconds: a paper market order fills on the next bar, a limit order may rest for hours. */
const FILL_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

interface OpenOrder {
  readonly createdAt: number;
  readonly orderType: string;
  readonly quantity: number;
  filled: number;
}

/** Orders remembered for their creation time; beyond this the oldest are dropped (never-filled orders). */
const OPEN_ORDERS_KEPT = 10_000;

class OrderLifecycleMetrics implements BusObservations {
  private readonly orders: Counter<'status'>;
  private readonly toFill: Histogram<'order_type'>;
  private readonly open = new Map<string, OpenOrder>();

  constructor(registry: Registry) {
    this.orders = new Counter({
      name: 'tradeforge_orders_total',
      help: 'Orders that reached each status; INITIALIZED counts orders placed (rate() = orders per second)',
      labelNames: ['status'],
      registers: [registry],
    });
    this.toFill = new Histogram({
      name: 'tradeforge_order_to_fill_seconds',
      help: "Time from an order's creation (its ts) to the fill that completed it (the fill's ts)",
      labelNames: ['order_type'],
      buckets: FILL_BUCKETS,
      registers: [registry],
    });
  }

  /** The order service announces a new order with its `order.submit` command. */
  published(message: Message): void {
    if (message.type !== 'order.submit') return;
    this.orders.inc({ status: 'INITIALIZED' });
    this.open.set(message.clientOrderId, {
      createdAt: message.ts,
      orderType: message.orderType,
      quantity: message.quantity,
      filled: 0,
    });
    if (this.open.size > OPEN_ORDERS_KEPT) this.open.delete(this.open.keys().next().value!);
  }

  /** Every transition reaches the order service on the order-events topic, its own included. */
  delivered(message: Message): void {
    if (message.type === 'order.filled') return this.filled(message.clientOrderId, message.quantity, message.ts);
    const status = STATUS_OF_EVENT[message.type];
    if (status === undefined || !('clientOrderId' in message)) return;
    this.orders.inc({ status });
    if (ENDS_ORDER.has(status)) this.open.delete(message.clientOrderId);
  }

  private filled(clientOrderId: string, quantity: number, ts: number): void {
    const order = this.open.get(clientOrderId);
    // Placed before this process started: each fill counts as FILLED, with no latency sample.
    if (order === undefined) return void this.orders.inc({ status: 'FILLED' });
    order.filled += quantity;
    if (order.filled < order.quantity - 1e-12) return void this.orders.inc({ status: 'PARTIALLY_FILLED' });
    this.orders.inc({ status: 'FILLED' });
    this.toFill.observe({ order_type: order.orderType }, Math.max(0, ts - order.createdAt) / 1000);
    this.open.delete(clientOrderId);
  }
}

class RiskDecisionMetrics implements BusObservations {
  private readonly denials: Counter<'code'>;

  constructor(registry: Registry) {
    this.denials = new Counter({
      name: 'tradeforge_risk_denials_total',
      help: "Orders the risk engine denied, by denial code (core's DenialCode)",
      labelNames: ['code'],
      registers: [registry],
    });
  }

  /** Risk publishes one decision per order command. */
  published(message: Message): void {
    if (message.type === 'risk.decision' && !message.approved) this.denials.inc({ code: message.code });
  }
}
