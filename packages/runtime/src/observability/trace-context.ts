import { context, createContextKey, propagation, trace } from '@opentelemetry/api';
import type { Context, Link, Tracer } from '@opentelemetry/api';

/** The W3C trace context headers, on HTTP requests and on bus messages alike. */
export const TRACE_HEADERS = { traceparent: 'traceparent', tracestate: 'tracestate' } as const;

/**
 * Span attribute naming the platform service a span belongs to. In distributed mode the
 * resource's `service.name` says it too; in embedded mode every service shares one process (one
 * resource), so this attribute is what tells order's spans from risk's.
 */
export const SERVICE_ATTRIBUTE = 'tradeforge.service';

const SERVICE_KEY = createContextKey('tradeforge.service');
const LINKS_KEY = createContextKey('tradeforge.publish-links');

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

/** `ctx` with links the next publish span should carry (another trace that also caused it). */
export function withPublishLinks(ctx: Context, links: readonly Link[]): Context {
  return ctx.setValue(LINKS_KEY, links);
}

export function publishLinks(ctx: Context = context.active()): Link[] {
  const value = ctx.getValue(LINKS_KEY);
  return Array.isArray(value) ? (value as Link[]) : [];
}
