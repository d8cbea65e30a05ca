import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, traceHeaders } from '../../src/index.js';

// Service-to-service calls with Node's fetch continue the caller's trace once tracing is on.
let stopTracing: () => Promise<void>;
const received: http.IncomingHttpHeaders[] = [];
const server = http.createServer((request, response) => {
  received.push(request.headers);
  response.end('ok');
});
let url: string;

beforeAll(async () => {
  stopTracing = startTracing({
    serviceName: 'fetch-test',
    spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.close();
  await stopTracing?.();
});

async function fetchIn(
  span: ReturnType<ReturnType<typeof trace.getTracer>['startSpan']> | undefined,
  init?: RequestInit,
) {
  const ctx = span ? trace.setSpan(context.active(), span) : context.active();
  await context.with(ctx, async () => (await fetch(url, init)).text());
  return received.at(-1)!;
}

describe('trace context on fetch', () => {
  it('adds the active span as traceparent to a request that has none', async () => {
    const span = trace.getTracer('test').startSpan('calling the order service');
    const { traceId, spanId } = span.spanContext();
    expect((await fetchIn(span)).traceparent).toBe(`00-${traceId}-${spanId}-01`);
    span.end();
  });

  it('keeps a traceparent the caller set (traceHeaders() or its own)', async () => {
    const span = trace.getTracer('test').startSpan('caller');
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect((await fetchIn(span, { headers: { traceparent: own } })).traceparent).toBe(own);
    expect((await fetchIn(span, { headers: traceHeaders(trace.setSpan(context.active(), span)) })).traceparent).toBe(
      `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
    );
    span.end();
  });

  it('adds nothing outside a trace', async () => {
    expect((await fetchIn(undefined)).traceparent).toBeUndefined();
  });
});
