import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { SERVICE_ATTRIBUTE, TRACE_HEADERS, activeService, platformTracer, publishSpanExtras } from './trace-context.js';

/** What a bus span says about its message (OpenTelemetry messaging conventions). */
export interface MessageSpanFacts {
  /** `kafka` or `in-memory`. */
  readonly system: string;
  readonly topic: string;
}

/**
 * Runs a publish inside a PRODUCER span `publish <topic>` and hands `send` the headers to write,
 * with the span's `traceparent`. The span's parent is the trace context in `headers` when the
 * caller brings one (the outbox relay publishes what a request wrote earlier, in that request's
 * trace), else the active context. Without a tracing SDK the headers pass through unchanged.
 */
export async function tracePublish<T extends { readonly messageId: string }>(
  facts: MessageSpanFacts,
  headers: Readonly<Record<string, string>> | undefined,
  send: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const active = context.active();
  const parent = headers?.[TRACE_HEADERS.traceparent] !== undefined ? propagation.extract(active, headers) : active;
  const extras = publishSpanExtras(active);
  const span = platformTracer().startSpan(
    `publish ${facts.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { ...messagingAttributes(facts, 'send'), ...serviceAttribute(active), ...extras.attributes },
      links: extras.links ?? [],
    },
    parent,
  );
  const spanContext = trace.setSpan(parent, span);
  const outgoing: Record<string, string> = { ...headers };
  // Replaces the caller's traceparent with this span's: a child of it, so the chain holds.
  propagation.inject(spanContext, outgoing);
  try {
    const sent = await context.with(spanContext, () => send(outgoing));
    span.setAttribute('messaging.message.id', sent.messageId);
    return sent;
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** One delivery of a record to a consumer group's handler. */
export interface DeliverySpanFacts extends MessageSpanFacts {
  readonly groupId: string;
  readonly partition: number;
  readonly offset: string;
  readonly messageId: string;
  readonly attempt: number;
}

/**
 * Runs a handler inside a CONSUMER span `process <topic>` whose parent is the trace context in the
 * record's headers (the publish span), so the handler's own publishes and HTTP calls continue the
 * publisher's trace. A throwing handler marks the span failed; each retry is a span of its own.
 */
export async function traceDelivery(
  facts: DeliverySpanFacts,
  headers: Readonly<Record<string, string>>,
  handle: () => Promise<void> | void,
): Promise<void> {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = platformTracer().startSpan(
    `process ${facts.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...messagingAttributes(facts, 'process'),
        'messaging.consumer.group.name': facts.groupId,
        'messaging.destination.partition.id': String(facts.partition),
        'messaging.kafka.offset': Number(facts.offset),
        'messaging.message.id': facts.messageId,
        'tradeforge.delivery.attempt': facts.attempt,
      },
    },
    parent,
  );
  try {
    await context.with(trace.setSpan(parent, span), handle);
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function messagingAttributes(facts: MessageSpanFacts, operation: 'send' | 'process'): Attributes {
  return {
    'messaging.system': facts.system,
    'messaging.destination.name': facts.topic,
    'messaging.operation.type': operation,
  };
}

function serviceAttribute(ctx: ReturnType<typeof context.active>): Attributes {
  const service = activeService(ctx);
  return service === undefined ? {} : { [SERVICE_ATTRIBUTE]: service };
}

function failed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
