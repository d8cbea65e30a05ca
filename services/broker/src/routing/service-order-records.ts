import type { OrderSide, OrderStatus, OrderType, OrderView, TimeInForce } from '@tradeforge/core';
import { serviceUrlOfRole } from '@tradeforge/runtime';
import type { EnvironmentVariables } from '@tradeforge/runtime';
import { ADOPTABLE_STATUSES } from './order-records.js';
import type { OrderRecords } from './order-records.js';

/** The order service's most recent orders a restart looks through (its list endpoint's maximum). */
const RECENT_ORDERS = 500;

/** An order as the order service's `GET /orders` answers it (its `OrderRecord`). */
interface OrderRecordJson {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly orderType: string;
  readonly timeInForce: string;
  readonly quantity: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly status: string;
  readonly createdAt: number;
  readonly filledQuantity: number;
  readonly averagePrice?: number;
  readonly venueOrderId?: string;
}

/**
 * `OrderRecords` from the platform's own services over HTTP: open orders from the order service
 * (`GET /orders?limit=500`, then `GET /orders/:id` for each order the venue lists open that is not
 * among them), positions from the portfolio (`GET /positions`). Their URLs come from the
 * environment as for every peer (`ORDER_SERVICE_URL`, `PORTFOLIO_SERVICE_URL`, else the
 * configured port on this machine).
 *
 * An order that ended at the venue while the broker was down and is older than the 500 most
 * recent is not adopted: its fills then show as a position difference, and the venue stays
 * blocked until someone looks (fail closed), never traded on wrong books.
 */
export class ServiceOrderRecords implements OrderRecords {
  constructor(
    private readonly env: EnvironmentVariables,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async openOrders(instrumentIds: readonly string[], venueOpen: readonly string[]): Promise<OrderView[]> {
    const base = serviceUrlOfRole('order', this.env);
    const wanted = new Set(instrumentIds);
    const recent = await this.getJson<OrderRecordJson[]>(`${base}/orders?limit=${RECENT_ORDERS}`);
    const open = new Map(
      recent
        .filter((r) => wanted.has(r.instrumentId) && ADOPTABLE_STATUSES.has(r.status))
        .map((r) => [r.clientOrderId, r]),
    );
    // Open at the venue: ours whatever our record says (it may lag), found by id however old.
    const recentById = new Map(recent.map((r) => [r.clientOrderId, r]));
    for (const clientOrderId of venueOpen) {
      if (open.has(clientOrderId)) continue;
      const record =
        recentById.get(clientOrderId) ??
        (await this.getJson<OrderRecordJson>(`${base}/orders/${encodeURIComponent(clientOrderId)}`, true));
      if (record !== undefined && wanted.has(record.instrumentId)) open.set(clientOrderId, record);
    }
    return [...open.values()].map(orderViewOfRecord);
  }

  async awaitingDecision(instrumentIds: readonly string[]): Promise<OrderView[]> {
    const base = serviceUrlOfRole('order', this.env);
    const wanted = new Set(instrumentIds);
    const recent = await this.getJson<OrderRecordJson[]>(`${base}/orders?limit=${RECENT_ORDERS}`);
    return recent.filter((r) => wanted.has(r.instrumentId) && r.status === 'INITIALIZED').map(orderViewOfRecord);
  }

  async positions(instrumentIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const base = serviceUrlOfRole('portfolio', this.env);
    const positions = await this.getJson<{ instrumentId: string; quantity: number }[]>(`${base}/positions`);
    const wanted = new Set(instrumentIds);
    return new Map(positions.filter((p) => wanted.has(p.instrumentId)).map((p) => [p.instrumentId, p.quantity]));
  }

  private async getJson<T>(url: string): Promise<T>;
  private async getJson<T>(url: string, missingIsUndefined: true): Promise<T | undefined>;
  private async getJson<T>(url: string, missingIsUndefined = false): Promise<T | undefined> {
    const response = await this.fetchImpl(url, { signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => {
      throw new Error(`GET ${url} failed: ${(error as Error).message}`);
    });
    if (missingIsUndefined && response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return (await response.json()) as T;
  }
}

/** The order service's record as the view the venue client tracks (`filledQuantity`: what was applied). */
export function orderViewOfRecord(record: OrderRecordJson): OrderView {
  return {
    clientOrderId: record.clientOrderId,
    strategyId: record.strategyId,
    instrumentId: record.instrumentId,
    side: record.side as OrderSide,
    type: record.orderType as OrderType,
    quantity: record.quantity,
    price: record.price,
    triggerPrice: record.triggerPrice,
    timeInForce: record.timeInForce as TimeInForce,
    expireAt: undefined,
    reduceOnly: false,
    tag: undefined,
    createdAt: record.createdAt,
    status: record.status as OrderStatus,
    filledQuantity: record.filledQuantity,
    leavesQuantity: record.quantity - record.filledQuantity,
    averageFillPrice: record.averagePrice ?? 0,
    venueOrderId: record.venueOrderId,
    triggered: false,
    isOpen: true,
  };
}
