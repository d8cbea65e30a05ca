import diagnosticsChannel from 'node:diagnostics_channel';
import { TRACE_HEADERS, traceHeaders } from './trace-context.js';

/** What Node's fetch (undici) hands the `undici:request:create` channel; only what is used here. */
interface UndiciRequest {
  /** Alternating names and values (undici 6+), or raw `name: value\r\n` lines (older). */
  readonly headers: string[] | string;
  addHeader(name: string, value: string): unknown;
}

const REQUEST_CREATED = 'undici:request:create';

/**
 * Adds the active trace context (`traceparent`, `tracestate`) to every request made with Node's
 * global `fetch` that does not carry one already, so a call from one service to another (strategy
 * → order, gateway → order) continues the caller's trace without each call site adding headers.
 * Node's fetch announces each request on a diagnostics channel; nothing is patched. Returns the
 * undo. Other HTTP clients: send `traceHeaders()` yourself.
 */
export function propagateTraceOnFetch(): () => void {
  const onRequestCreated = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    if (hasHeader(request.headers, TRACE_HEADERS.traceparent)) return;
    for (const [name, value] of Object.entries(traceHeaders())) request.addHeader(name, value);
  };
  diagnosticsChannel.subscribe(REQUEST_CREATED, onRequestCreated);
  return () => diagnosticsChannel.unsubscribe(REQUEST_CREATED, onRequestCreated);
}

function hasHeader(headers: string[] | string, name: string): boolean {
  if (typeof headers === 'string') return new RegExp(`^${name}:`, 'im').test(headers);
  return headers.some((value, i) => i % 2 === 0 && value.toLowerCase() === name);
}
