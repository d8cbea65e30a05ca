import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Message, MessageTypes, OrderFilled, contracts } from '@tradeforge/core';
import { ConcurrentOrderUpdateError, OutboxRelay, TradingRepository } from '@tradeforge/persistence';
import type { Database, JsonValue, OrderRecord } from '@tradeforge/persistence';
import { DATABASE, EVENT_BUS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';

/** The paper venue is the only venue until venue adapters arrive. */
const VENUE = 'paper';
const ACCOUNT = 'demo-trader';

export type PlaceOrderResult =
  | { readonly outcome: 'created'; readonly order: OrderRecord }
  | { readonly outcome: 'duplicate'; readonly order: OrderRecord };

export type CancelOrderResult =
  /** The cancel was asked for (now, or by an earlier request: a repeated cancel has no second effect). */
  | { readonly outcome: 'pending-cancel'; readonly order: OrderRecord }
  /** The order has ended (filled, canceled, denied…): nothing to cancel. */
  | { readonly outcome: 'terminal'; readonly order: OrderRecord }
  | { readonly outcome: 'not-found' };

/**
 * The order management system: every order and order event is persisted, and the message
 * announcing a change is written in the same transaction (outbox) and published by the relay,
 * so a crash between commit and publish loses nothing. Idempotent by client order id.
 */
@Injectable()
export class OrderService implements OnModuleInit, OnModuleDestroy {
  private readonly repository: TradingRepository;
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(DATABASE) database: Database | undefined,
    @Inject(EVENT_BUS) private readonly bus: EventBus | undefined,
  ) {
    if (!database || !bus)
      throw new Error('the order service needs a database and the event bus (dependsOn: bus, database)');
    this.repository = new TradingRepository(database);
    this.relay = new OutboxRelay({
      outbox: this.repository.outbox,
      publish: async (topic, key, message, headers) => {
        await bus.publish(topic, message as never, { key, headers, messageId: headers['message-id'] });
      },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.bus!.subscribe({
      groupId: 'order',
      topics: [PLATFORM_TOPICS.riskDecisions, PLATFORM_TOPICS.orderEvents],
      handler: async ({ message }) => {
        if (message.type === 'risk.decision') await this.applyRiskDecision(message);
        else if (message.type === 'order.filled') await this.applyFill(message);
        else if (message.type === 'order.cancel-rejected') await this.applyCancelRejected(message);
        else if (message.type in VENUE_STATUS) await this.applyVenueEvent(message as VenueStatusEvent);
      },
    });
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }

  /** Persists a new order and its `order.submit` command for risk; a known client order id has no second effect. */
  async place(command: contracts.SubmitOrderCommand): Promise<PlaceOrderResult> {
    const result = await this.repository.orders.create({
      order: {
        clientOrderId: command.clientOrderId,
        accountId: ACCOUNT,
        strategyId: command.strategyId,
        instrumentId: command.instrumentId,
        venue: VENUE,
        side: command.side,
        orderType: command.orderType,
        timeInForce: command.timeInForce,
        quantity: command.quantity,
        ...(command.price !== undefined ? { price: command.price } : {}),
        ...(command.triggerPrice !== undefined ? { triggerPrice: command.triggerPrice } : {}),
        status: 'INITIALIZED',
        createdAt: command.ts,
      },
      event: this.event('order.initialized', { ...command, type: 'order.initialized' }, command.ts),
      messages: [{ topic: PLATFORM_TOPICS.orderCommands.name, key: command.clientOrderId, message: json(command) }],
    });
    if (result.outcome === 'created') this.relay.notify();
    return result;
  }

  /**
   * Asks for an order's cancel: the order moves to PENDING_CANCEL with its `order.pending-cancel`
   * event, and the `order.cancel` command for the broker is written in the same transaction
   * (outbox). The venue's answer (`order.canceled`, or `order.cancel-rejected` when the order
   * filled first) arrives on the bus like every venue event.
   */
  async cancel(clientOrderId: string, now: number): Promise<CancelOrderResult> {
    // A bus handler may move the order between our read and write: read again and retry.
    for (let attempt = 1; ; attempt++) {
      const order = await this.repository.orders.get(clientOrderId);
      if (!order) return { outcome: 'not-found' };
      if (TERMINAL_STATUSES.has(order.status)) return { outcome: 'terminal', order };
      if (order.status === 'PENDING_CANCEL') return { outcome: 'pending-cancel', order };
      const base = {
        version: 1,
        clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        ts: now,
      } as const;
      const event = { ...base, type: 'order.pending-cancel' } as const;
      const command: contracts.CancelOrderCommand = { ...base, type: 'order.cancel' };
      try {
        const updated = await this.repository.orders.transition({
          clientOrderId,
          expectedVersion: order.version,
          changes: { status: 'PENDING_CANCEL' },
          event: this.event(event.type, event, now),
          messages: [
            { topic: PLATFORM_TOPICS.orderEvents.name, key: clientOrderId, message: json(event) },
            { topic: PLATFORM_TOPICS.orderCommands.name, key: clientOrderId, message: json(command) },
          ],
        });
        this.relay.notify();
        return { outcome: 'pending-cancel', order: updated };
      } catch (error) {
        if (!(error instanceof ConcurrentOrderUpdateError) || attempt >= 5) throw error;
      }
    }
  }

  async get(clientOrderId: string): Promise<OrderRecord | undefined> {
    return this.repository.orders.get(clientOrderId);
  }

  /** Newest first. */
  async list(limit = 100): Promise<OrderRecord[]> {
    return this.repository.orders.list({ limit });
  }

  /** Risk's verdict moves the order to SUBMITTED (on to the venue) or DENIED, with its event published. */
  async applyRiskDecision(decision: contracts.RiskDecisionMessage): Promise<void> {
    const order = await this.repository.orders.get(decision.clientOrderId);
    if (!order) return;
    // A cancel asked for before the decision arrived: a denial still ends the order (it never
    // reached the venue, whatever the broker answers the cancel with); an approval leaves the
    // cancel to the broker.
    const deniedWhileCanceling = !decision.approved && isCancelingBeforeTheVenue(order);
    if (order.status !== 'INITIALIZED' && !deniedWhileCanceling) return; // already decided: a redelivery
    const base = {
      version: 1,
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      ts: decision.ts,
    } as const;
    const event = decision.approved
      ? { ...base, type: 'order.submitted', venue: order.venue }
      : { ...base, type: 'order.denied', code: decision.code, reason: decision.reason };
    await this.repository.orders.transition({
      clientOrderId: order.clientOrderId,
      expectedVersion: order.version,
      changes: { status: decision.approved ? 'SUBMITTED' : 'DENIED' },
      event: this.event(event.type, event, decision.ts),
      messages: [{ topic: PLATFORM_TOPICS.orderEvents.name, key: order.clientOrderId, message: json(event) }],
    });
    this.relay.notify();
  }

  /** The venue took, refused or ended the order: persist the transition and its event. */
  async applyVenueEvent(event: VenueStatusEvent): Promise<void> {
    const order = await this.repository.orders.get(event.clientOrderId);
    if (!order || TERMINAL_STATUSES.has(order.status)) return;
    let status: string = VENUE_STATUS[event.type];
    if (event.type === 'order.accepted') {
      // Accepted while a cancel is on its way: remember the venue's id, the cancel still stands.
      if (order.status === 'PENDING_CANCEL') status = 'PENDING_CANCEL';
      else if (order.status !== 'INITIALIZED' && order.status !== 'SUBMITTED') return;
    }
    await this.repository.orders.transition({
      clientOrderId: order.clientOrderId,
      expectedVersion: order.version,
      changes: { status, ...(event.type === 'order.accepted' ? { venueOrderId: event.venueOrderId } : {}) },
      event: this.event(event.type, event, event.ts),
    });
  }

  /** The venue refused a cancel (the order filled or ended first): the order is back where it was. */
  async applyCancelRejected(event: MessageTypes['order.cancel-rejected']): Promise<void> {
    const order = await this.repository.orders.get(event.clientOrderId);
    if (!order || order.status !== 'PENDING_CANCEL') return;
    await this.repository.orders.transition({
      clientOrderId: order.clientOrderId,
      expectedVersion: order.version,
      changes: { status: statusBeforeCancel(order) },
      event: this.event(event.type, event, event.ts),
    });
  }

  /** A fill is recorded once per (venue, trade id) with the order's new filled quantity. */
  async applyFill(fill: OrderFilled): Promise<void> {
    const order = await this.repository.orders.get(fill.clientOrderId);
    if (!order || TERMINAL_STATUSES.has(order.status)) return;
    const filledQuantity = order.filledQuantity + fill.quantity;
    const averagePrice =
      ((order.averagePrice ?? 0) * order.filledQuantity + fill.price * fill.quantity) / filledQuantity;
    await this.repository.fills.record({
      fill: {
        venue: fill.venue,
        tradeId: fill.tradeId,
        clientOrderId: fill.clientOrderId,
        accountId: order.accountId,
        instrumentId: fill.instrumentId,
        side: fill.side,
        quantity: fill.quantity,
        price: fill.price,
        fee: fill.fee,
        occurredAt: fill.ts,
      },
      order: {
        expectedVersion: order.version,
        changes: {
          status: filledQuantity >= order.quantity - 1e-12 ? 'FILLED' : 'PARTIALLY_FILLED',
          filledQuantity,
          averagePrice,
          venueOrderId: fill.venueOrderId,
        },
        event: this.event(fill.type, fill, fill.ts),
      },
    });
  }

  private event(type: string, payload: object, occurredAt: number) {
    return { eventId: randomUUID(), type, payload: json(payload), occurredAt };
  }
}

/** Venue events that move an order to a status of their own (fills are handled apart). */
const VENUE_STATUS = {
  'order.accepted': 'ACCEPTED',
  'order.rejected': 'REJECTED',
  'order.canceled': 'CANCELED',
  'order.expired': 'EXPIRED',
  'order.unknown': 'UNKNOWN',
} as const;
type VenueStatusEvent = Extract<Message, { type: keyof typeof VENUE_STATUS }>;

const TERMINAL_STATUSES = new Set(['DENIED', 'REJECTED', 'FILLED', 'CANCELED', 'EXPIRED']);

/** PENDING_CANCEL, or SUBMITTED after a refused cancel, with no sign of the venue yet. */
function isCancelingBeforeTheVenue(order: OrderRecord): boolean {
  return (
    (order.status === 'PENDING_CANCEL' || order.status === 'SUBMITTED') &&
    order.venueOrderId === undefined &&
    order.filledQuantity === 0
  );
}

/** Where an order whose cancel the venue refused stands, from what the venue has told us. */
function statusBeforeCancel(order: OrderRecord): string {
  if (order.filledQuantity > 0) return 'PARTIALLY_FILLED';
  return order.venueOrderId === undefined ? 'SUBMITTED' : 'ACCEPTED';
}

/** Messages are plain JSON data; this drops `undefined` fields the way JSON does. */
function json(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
