import { isTerminal } from '../model/order-state-machine.js';
import type { Order } from '../model/order.js';

/**
 * The execution engine's memory of orders: every working order, plus a window of recently closed
 * ones for late venue messages and queries. It is deliberately not the order store — services
 * persist every order event — so a long backtest or a long-running process does not keep every
 * order it ever sent (holding them all costs more in garbage collection than the rest of the
 * order path together).
 *
 * Client order ids stay unique for the engine's lifetime: generated ids are unique by
 * construction, and ids supplied by callers are remembered (as strings) for duplicate detection.
 */
export class OrderRegistry {
  /** Working orders are few (tens at most): an array beats hashing a fresh id per order. */
  readonly working: Order[] = [];
  private readonly recent: (Order | undefined)[];
  private recentCursor = 0;
  private readonly suppliedIds = new Set<string>();

  constructor(recentRetention: number) {
    this.recent = new Array<Order | undefined>(Math.max(1, recentRetention)).fill(undefined);
  }

  /** Remembers a caller-supplied id; false if it was already used. */
  claimSuppliedId(clientOrderId: string): boolean {
    const before = this.suppliedIds.size;
    this.suppliedIds.add(clientOrderId);
    return this.suppliedIds.size !== before;
  }

  wasSupplied(clientOrderId: string): boolean {
    return this.suppliedIds.size > 0 && this.suppliedIds.has(clientOrderId);
  }

  add(order: Order): void {
    if (isTerminal(order.status)) this.remember(order);
    else this.working.push(order);
  }

  /** Moves an order that just reached a terminal state out of the working list. */
  close(order: Order): void {
    // Shift the tail down by hand and pop: splice allocates an array of the removed items, and
    // shrinking `length` frees the backing store that the next order's push allocates again.
    const working = this.working;
    const last = working.length - 1;
    let index = last;
    while (index >= 0 && working[index] !== order) index--;
    if (index < 0) return;
    for (let i = index; i < last; i++) working[i] = working[i + 1]!;
    working.pop();
    this.remember(order);
  }

  find(clientOrderId: string): Order | undefined {
    const working = this.working;
    for (let i = 0; i < working.length; i++) {
      const order = working[i]!;
      if (order.clientOrderId === clientOrderId) return order;
    }
    const recent = this.recent;
    for (let i = 0; i < recent.length; i++) {
      const order = recent[i];
      if (order?.clientOrderId === clientOrderId) return order;
    }
    return undefined;
  }

  /** Working orders first, then recently closed ones, most recent last. */
  *known(): IterableIterator<Order> {
    yield* this.working;
    for (let i = 0; i < this.recent.length; i++) {
      const order = this.recent[(this.recentCursor + i) % this.recent.length];
      if (order !== undefined) yield order;
    }
  }

  private remember(order: Order): void {
    this.recent[this.recentCursor] = order;
    // A compare instead of a modulo: this runs once per order.
    this.recentCursor = this.recentCursor + 1 === this.recent.length ? 0 : this.recentCursor + 1;
  }
}
