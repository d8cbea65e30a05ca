import type { SpanContext } from '@opentelemetry/api';

/**
 * The last span each order was seen in, by client order id, so that a message about an order
 * continues that order's trace even when something else triggered it (a fill happens while a
 * market bar is processed). Bounded: the oldest orders are forgotten first.
 */
export class OrderTraceMemory {
  private readonly spans = new Map<string, SpanContext>();

  constructor(private readonly capacity = 10_000) {}

  get(clientOrderId: string): SpanContext | undefined {
    return this.spans.get(clientOrderId);
  }

  remember(clientOrderId: string, span: SpanContext): void {
    this.spans.delete(clientOrderId);
    this.spans.set(clientOrderId, span);
    if (this.spans.size > this.capacity) this.spans.delete(this.spans.keys().next().value!);
  }
}

/** The client order id a message is about, if it is about one. */
export function clientOrderIdOf(message: object): string | undefined {
  const id = (message as { clientOrderId?: unknown }).clientOrderId;
  return typeof id === 'string' ? id : undefined;
}
