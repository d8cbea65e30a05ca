/**
 * The recent orders as the page shows them: records from GET /api/orders, brought forward by the
 * order events of the stream between two fetches. A record's `updatedAt` orders the two sources:
 * an event older than what a fetch returned is already in it and is not applied again.
 */

/** Status an order has after each event type (order.filled depends on the quantity left). */
const STATUS_AFTER = {
  'order.initialized': 'INITIALIZED',
  'order.denied': 'DENIED',
  'order.submitted': 'SUBMITTED',
  'order.accepted': 'ACCEPTED',
  'order.rejected': 'REJECTED',
  'order.triggered': 'TRIGGERED',
  'order.pending-cancel': 'PENDING_CANCEL',
  'order.canceled': 'CANCELED',
  'order.expired': 'EXPIRED',
  'order.unknown': 'UNKNOWN',
};

/** @param {number} limit how many orders to keep, newest first */
export function createOrders(limit) {
  /** @type {Map<string, any>} */
  const byId = new Map();

  const newest = () => [...byId.values()].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  const trim = () =>
    newest()
      .slice(limit)
      .forEach((order) => byId.delete(order.clientOrderId));

  return {
    /** Orders, newest first. */
    list: newest,

    /**
     * Merges a fetched page of records: a record changed locally after the fetch read it, or one
     * the fetch has not seen yet, stays as it is.
     */
    merge(/** @type {any[]} */ records) {
      for (const record of records) {
        const local = byId.get(record.clientOrderId);
        if (!local || !(local.updatedAt > record.updatedAt)) byId.set(record.clientOrderId, record);
      }
      trim();
    },

    /**
     * Applies one order event from the stream. Returns false when the order is not known here
     * (its initialized event came before the page loaded): the caller fetches the list again.
     */
    applyEvent(/** @type {any} */ event) {
      const current = byId.get(event.clientOrderId);
      if (event.type === 'order.initialized') {
        if (!current)
          byId.set(event.clientOrderId, {
            ...event,
            status: 'INITIALIZED',
            filledQuantity: 0,
            createdAt: event.ts,
            updatedAt: event.ts,
          });
        trim();
        return true;
      }
      if (!current) return false;
      if (current.updatedAt >= event.ts) return true;
      const next = { ...current, updatedAt: event.ts };
      if (event.type === 'order.filled') {
        const filled = Math.min(current.quantity, (current.filledQuantity ?? 0) + event.quantity);
        const cost = (current.averagePrice ?? 0) * (current.filledQuantity ?? 0) + event.price * event.quantity;
        next.filledQuantity = filled;
        next.averagePrice = cost / ((current.filledQuantity ?? 0) + event.quantity);
        next.status = filled >= current.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
      } else if (STATUS_AFTER[event.type]) {
        next.status = STATUS_AFTER[event.type];
      }
      byId.set(event.clientOrderId, next);
      return true;
    },
  };
}
