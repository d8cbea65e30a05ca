import { context, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { Message } from '@tradeforge/core';
import type { ProbeResult } from '../health/readiness-probes.js';
import type {
  ConsumerLag,
  EventBus,
  PublishOptions,
  PublishedMessage,
  RawSubscribeOptions,
  SubscribeOptions,
  Subscription,
  TopicRef,
} from '../bus/event-bus.js';
import { OrderTraceMemory, clientOrderIdOf } from './order-trace-memory.js';
import {
  CLIENT_ORDER_ID_ATTRIBUTE,
  SERVICE_ATTRIBUTE,
  TRACE_HEADERS,
  withPublishSpanExtras,
  withService,
} from './trace-context.js';

/** Told about each message the service published or finished handling: where metrics hook in. */
export interface BusObservations {
  published?(message: Message, topic: string): void;
  delivered?(message: Message, topic: string): void;
}

/**
 * One service's view of the platform bus (the `EVENT_BUS` its modules inject): the same bus, plus
 * what observability needs to know about this service — its spans carry its name, a message
 * about an order continues that order's trace, its metrics see what it publishes and handles, and
 * its consumer groups are the ones whose lag `/metrics` reports. In embedded mode every service
 * has its own view of the one shared bus.
 */
export class ServiceEventBus implements EventBus {
  readonly kind: EventBus['kind'];
  readonly topics: EventBus['topics'];
  private readonly groups = new Set<string>();
  private readonly orderTraces = new OrderTraceMemory();

  constructor(
    private readonly bus: EventBus,
    private readonly service: string,
    private readonly observations: BusObservations = {},
  ) {
    this.kind = bus.kind;
    this.topics = bus.topics;
  }

  start(): Promise<void> {
    return this.bus.start();
  }

  stop(): Promise<void> {
    return this.bus.stop();
  }

  async publish(topic: TopicRef, message: Message, options?: PublishOptions): Promise<PublishedMessage> {
    const published = await context.with(this.publishContext(message, options), () =>
      this.bus.publish(topic, message, options),
    );
    this.observations.published?.(message, published.topic);
    return published;
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.groups.add(options.groupId);
    return this.bus.subscribe({
      ...options,
      handler: async (delivery) => {
        // The bus started this delivery's consumer span; say whose it is and remember the order's trace.
        const span = trace.getActiveSpan();
        span?.setAttribute(SERVICE_ATTRIBUTE, this.service);
        const clientOrderId = clientOrderIdOf(delivery.message);
        if (span && clientOrderId !== undefined) {
          span.setAttribute(CLIENT_ORDER_ID_ATTRIBUTE, clientOrderId);
          this.orderTraces.remember(clientOrderId, span.spanContext());
        }
        await context.with(withService(context.active(), this.service), () => options.handler(delivery));
        this.observations.delivered?.(delivery.message, delivery.topic);
      },
    });
  }

  subscribeRaw(options: RawSubscribeOptions): Promise<Subscription> {
    this.groups.add(options.groupId);
    return this.bus.subscribeRaw(options);
  }

  probe(): Promise<ProbeResult> {
    return this.bus.probe();
  }

  /** Lag of this service's consumer groups (all of them when `groupIds` is not given). */
  async consumerLag(groupIds: readonly string[] = [...this.groups]): Promise<ConsumerLag[]> {
    return (await this.bus.consumerLag?.(groupIds.filter((g) => this.groups.has(g)))) ?? [];
  }

  /**
   * The context to publish in. A message about an order continues the order's trace: when the
   * active trace is another one (a market bar that filled the order), the order's last span is
   * the parent and the active span a link, so one order stays one trace from the API to the
   * portfolio while the bar that caused the fill is still one click away.
   */
  private publishContext(message: Message, options: PublishOptions | undefined): Context {
    const clientOrderId = clientOrderIdOf(message);
    const service = withService(context.active(), this.service);
    if (clientOrderId === undefined) return service;
    const attributes = { [CLIENT_ORDER_ID_ATTRIBUTE]: clientOrderId };
    const active = withPublishSpanExtras(service, { attributes });
    // Headers that bring a trace (the outbox relay's) already say where the message belongs.
    if (options?.headers?.[TRACE_HEADERS.traceparent] !== undefined) return active;
    const current = trace.getSpanContext(active);
    const order = this.orderTraces.get(clientOrderId);
    if (order === undefined) {
      if (current) this.orderTraces.remember(clientOrderId, current);
      return active;
    }
    if (current === undefined) return trace.setSpanContext(active, order);
    if (current.traceId === order.traceId) return active;
    const stitched = trace.setSpanContext(service, order);
    return withPublishSpanExtras(stitched, { attributes, links: [{ context: current }] });
  }
}
