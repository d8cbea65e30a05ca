import { startNodeSdk } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ServiceEnv } from '../config/service-env.js';
import { propagateTraceOnFetch } from './fetch-propagation.js';

export interface TracingOptions {
  /** `service.name` of every span this process exports, e.g. `tradeforge-order`. */
  readonly serviceName: string;
  /**
   * Where finished spans go. Tests pass a `SimpleSpanProcessor` around an `InMemorySpanExporter`.
   * @default from `OTEL_TRACES_EXPORTER` (OTLP to `OTEL_EXPORTER_OTLP_ENDPOINT` unless set otherwise)
   */
  readonly spanProcessors?: SpanProcessor[];
}

/**
 * Starts the OpenTelemetry SDK for this process: a tracer provider, the AsyncLocalStorage context
 * manager and the W3C `traceparent`/`baggage` propagators (`OTEL_PROPAGATORS` overrides), so the
 * platform's HTTP and bus spans are recorded and their context travels. Metrics are served by
 * `/metrics` for Prometheus, so OTel metrics and logs stay off unless `OTEL_METRICS_EXPORTER` /
 * `OTEL_LOGS_EXPORTER` ask for them. Requests made with `fetch` carry the trace context
 * (`propagateTraceOnFetch`). Returns the shutdown, which flushes pending spans.
 */
export function startTracing(options: TracingOptions): () => Promise<void> {
  const sdk = startNodeSdk({
    resourceAttributes: { 'service.name': options.serviceName },
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    ...(process.env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(process.env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  });
  const stopFetchPropagation = propagateTraceOnFetch();
  return async () => {
    stopFetchPropagation();
    await sdk.shutdown();
  };
}

/**
 * Starts tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the SDK reads the other standard
 * OTEL_* variables itself). Without it nothing starts and `@opentelemetry/api` stays a no-op, so a
 * service that is not configured prints and sends nothing.
 */
export function startTelemetry(
  serviceName: string,
  env: Pick<ServiceEnv, 'OTEL_EXPORTER_OTLP_ENDPOINT'>,
): () => Promise<void> {
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return async () => {};
  return startTracing({ serviceName });
}
