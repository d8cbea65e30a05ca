import type { OrderView, RiskView, contracts } from '@tradeforge/core';

/** Events after which an order no longer works at the venue (a fill ends it once it is complete). */
const TERMINAL_EVENTS = new Set(['order.denied', 'order.rejected', 'order.canceled', 'order.expired']);

/**
 * What the risk engine needs to know, kept from the bus: last prices from market bars, positions
 * from the portfolio's snapshots, and the orders it approved that have not ended yet.
 */
export class LiveRiskView implements RiskView {
  private readonly prices = new Map<string, number>();
  private readonly positions = new Map<string, contracts.PositionSnapshotMessage>();
  private readonly working = new Map<string, OrderView>();
  private readonly startingCash: number;

  constructor(startingCash: number) {
    this.startingCash = startingCash;
  }

  onBar(bar: contracts.MarketBarMessage): void {
    this.prices.set(bar.instrumentId, bar.close);
  }

  onPosition(position: contracts.PositionSnapshotMessage): void {
    this.positions.set(position.instrumentId, position);
  }

  /** An approved order works until an event ends it (a partial fill keeps it working). */
  onApproved(order: OrderView): void {
    this.working.set(order.clientOrderId, order);
  }

  onOrderEvent(type: string, clientOrderId: string): void {
    if (TERMINAL_EVENTS.has(type)) this.working.delete(clientOrderId);
  }

  /** A partial fill keeps the order working with less left; the last fill ends it. */
  onFill(clientOrderId: string, quantity: number): void {
    const order = this.working.get(clientOrderId);
    if (!order) return;
    const filled = order.filledQuantity + quantity;
    if (filled >= order.quantity - 1e-12) this.working.delete(clientOrderId);
    else this.working.set(clientOrderId, { ...order, filledQuantity: filled, leavesQuantity: order.quantity - filled });
  }

  lastPrice(instrumentId: string): number | undefined {
    return this.prices.get(instrumentId);
  }

  positionQuantity(instrumentId: string): number {
    return this.positions.get(instrumentId)?.quantity ?? 0;
  }

  openOrders(): readonly OrderView[] {
    return [...this.working.values()];
  }

  openOrderCount(): number {
    return this.working.size;
  }

  equity(): number {
    let pnl = 0;
    for (const p of this.positions.values()) pnl += p.realizedPnl + p.unrealizedPnl - p.fees;
    return this.startingCash + pnl;
  }

  grossExposure(): number {
    let exposure = 0;
    for (const p of this.positions.values())
      exposure += Math.abs(p.quantity) * (this.prices.get(p.instrumentId) ?? p.markPrice);
    return exposure;
  }
}
