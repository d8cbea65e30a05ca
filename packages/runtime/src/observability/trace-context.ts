import { context, createContextKey, propagation, trace } from '@opentelemetry/api';
import type { Attributes, Context, Link, Tracer } from '@opentelemetry/api';

/** The W3C trace context headers, on HTTP requests and on bus messages alike. */
export const TRACE_HEADERS = { traceparent: 'traceparent', tracestate: 'tracestate' } as const;

/**
 * Span attribute naming the platform service a span belongs to. In distributed mode the
 * resource's `service.name` says it too; in embedded mode every service shares one process (one
 * resource), so this attribute is what tells order's spans from risk's.
 */
export const SERVICE_ATTRIBUTE = 'tradeforge.service';

/** Span attribute on every bus span of a message about an order: search traces by it. */
export const CLIENT_ORDER_ID_ATTRIBUTE = 'tradeforge.client_order_id';

const SERVICE_KEY = createContextKey('tradeforge.service');
const PUBLISH_SPAN_KEY = createContextKey('tradeforge.publish-span');

/** The runtime's tracer: every span the platform itself starts (HTTP, publish, process). */
export function platformTracer(): Tracer {
  return trace.getTracer('@tradeforge/runtime');
}

/**
 * `traceparent` (and `tracestate` when there is one) for the active trace context, to send with an
 * outgoing HTTP request so the receiving service continues this trace:
 *
 * ```ts
 * await fetch(`${orderUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...traceHeaders() }, body });
 * ```
 *
 * Empty when tracing is off (no SDK started) or nothing is being traced.
 */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(from, headers);
  return headers;
}

/** `ctx` marked as work of `service`: spans started under it carry `SERVICE_ATTRIBUTE`. */
export function withService(ctx: Context, service: string): Context {
  return ctx.setValue(SERVICE_KEY, service);
}

/** The service the active context belongs to, when one was set. */
export function activeService(ctx: Context = context.active()): string | undefined {
  const value = ctx.getValue(SERVICE_KEY);
  return typeof value === 'string' ? value : undefined;
}

/** What the next publish span should carry besides the basics: links to other traces that caused it, attributes. */
export interface PublishSpanExtras {
  readonly links?: Link[];
  readonly attributes?: Attributes;
}

export function withPublishSpanExtras(ctx: Context, extras: PublishSpanExtras): Context {
  return ctx.setValue(PUBLISH_SPAN_KEY, extras);
}

export function publishSpanExtras(ctx: Context = context.active()): PublishSpanExtras {
  return (ctx.getValue(PUBLISH_SPAN_KEY) as PublishSpanExtras | undefined) ?? {};
}
