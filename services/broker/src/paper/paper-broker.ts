import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { DEFAULT_SIMULATED_VENUE, LiveClock, SimulatedVenue, contracts } from '@tradeforge/core';
import type { Instrument, VenueEvent } from '@tradeforge/core';
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
      case 'order.submit':
        this.awaitingDecision.set(message.clientOrderId, message);
        return;
      case 'risk.decision': {
        const command = this.awaitingDecision.get(message.clientOrderId);
        this.awaitingDecision.delete(message.clientOrderId);
        if (command && message.approved) this.venue.submitOrder(contracts.orderViewOfSubmit(command, 'SUBMITTED'));
        return;
      }
      case 'market.bar':
        this.venue.onBar(contracts.barFromMessage(message));
        return;
    }
  }

  private async publish(event: VenueEvent): Promise<void> {
    await this.bus.publish(PLATFORM_TOPICS.orderEvents, event);
    if (event.type === 'order.filled') await this.bus.publish(PLATFORM_TOPICS.fills, event);
  }
}
