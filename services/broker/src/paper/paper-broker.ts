import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DEFAULT_SIMULATED_VENUE, LiveClock, SimulatedVenue, contracts } from '@tradeforge/core';
import type { Instrument, OrderView, VenueEvent } from '@tradeforge/core';
import { EVENT_BUS, PLATFORM_SETTINGS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';

/**
 * Routes approved orders to the paper venue: core's simulated venue (fees, slippage, latency,
 * partial fills, queue position) on a live clock, matching against the bars on the bus. What the
 * venue decides is published as order events, and fills also on the fills topic.
 */
@Injectable()
export class PaperBroker implements OnModuleInit {
  private readonly bus: EventBus;
  private readonly venue: SimulatedVenue;
  /** Orders risk has not decided on yet, by client order id. */
  private readonly awaitingDecision = new Map<string, contracts.SubmitOrderCommand>();
  /**
   * Decisions that arrived before their order: commands and decisions travel on different
   * topics, and Kafka orders messages within a partition, not across topics.
   */
  private readonly decidedBeforeCommand = new Map<string, contracts.RiskDecisionMessage>();
  /** Orders sent to the venue, by client order id: the venue finds an order to cancel by this view. */
  private readonly atVenue = new Map<string, { readonly order: OrderView; filled: number }>();

  constructor(@Inject(EVENT_BUS) bus: EventBus | undefined) {
    if (!bus) throw new Error('the broker needs the event bus (dependsOn: bus)');
    this.bus = bus;
    const instruments = new Map<string, Instrument>(
      PLATFORM_SETTINGS.instruments.filter((i) => i.venue === 'paper').map((i) => [i.id, i]),
    );
    this.venue = new SimulatedVenue(
      { ...DEFAULT_SIMULATED_VENUE, venue: 'paper' },
      instruments,
      new LiveClock(),
      Date.now(),
    );
  }

  async onModuleInit(): Promise<void> {
    this.venue.connect({ onVenueEvent: (event) => void this.publish(event) });
    await this.bus.subscribe({
      groupId: 'broker',
      topics: [PLATFORM_TOPICS.orderCommands, PLATFORM_TOPICS.riskDecisions, PLATFORM_TOPICS.marketBars],
      handler: (delivery) => this.handle(delivery),
    });
  }

  private handle({ message }: DeliveredMessage): void {
    switch (message.type) {
      case 'order.submit': {
        const decision = this.decidedBeforeCommand.get(message.clientOrderId);
        if (!decision) return void this.awaitingDecision.set(message.clientOrderId, message);
        this.decidedBeforeCommand.delete(message.clientOrderId);
        return this.route(message, decision);
      }
      case 'risk.decision': {
        const command = this.awaitingDecision.get(message.clientOrderId);
        if (!command) return void this.decidedBeforeCommand.set(message.clientOrderId, message);
        this.awaitingDecision.delete(message.clientOrderId);
        return this.route(command, message);
      }
      case 'order.cancel':
        return this.cancel(message);
      case 'market.bar':
        this.venue.onBar(contracts.barFromMessage(message));
        return;
    }
  }

  /** An approved order goes to the venue; a denied one ends here (the order service records the denial). */
  private route(command: contracts.SubmitOrderCommand, decision: contracts.RiskDecisionMessage): void {
    if (!decision.approved) return;
    const order = contracts.orderViewOfSubmit(command, 'SUBMITTED');
    this.atVenue.set(order.clientOrderId, { order, filled: 0 });
    this.venue.submitOrder(order);
  }

  /**
   * A cancel reaches the venue like an order does (the venue answers `order.canceled`, or
   * `order.cancel-rejected` when the order ended first). An order still waiting for risk never
   * reaches the venue: it is canceled here. One the broker does not know is not working here.
   */
  private cancel(command: contracts.CancelOrderCommand): void {
    const { clientOrderId, strategyId, instrumentId } = command;
    const working = this.atVenue.get(clientOrderId);
    if (working) return this.venue.cancelOrder(working.order);
    const base = { version: 1, clientOrderId, strategyId, instrumentId, ts: Date.now() } as const;
    if (this.awaitingDecision.delete(clientOrderId)) {
      void this.publish({ ...base, type: 'order.canceled', reason: 'canceled before it reached the venue' });
    } else {
      void this.publish({ ...base, type: 'order.cancel-rejected', reason: 'order is not working at the venue' });
    }
  }

  /** Drops orders the venue has finished with (a cancel for them is answered as not working). */
  private forgetEnded(event: VenueEvent): void {
    const working = this.atVenue.get(event.clientOrderId);
    if (!working) return;
    if (event.type === 'order.filled') working.filled += event.quantity;
    if (isFinal(event) || working.filled >= working.order.quantity - 1e-12) this.atVenue.delete(event.clientOrderId);
  }

  private async publish(event: VenueEvent): Promise<void> {
    this.forgetEnded(event);
    await this.bus.publish(PLATFORM_TOPICS.orderEvents, event);
    if (event.type === 'order.filled') await this.bus.publish(PLATFORM_TOPICS.fills, event);
  }
}

/** Venue events after which an order no longer works there. */
function isFinal(event: VenueEvent): boolean {
  return event.type === 'order.canceled' || event.type === 'order.rejected' || event.type === 'order.expired';
}
