import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { EVENT_BUS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';
import { toStreamUpdate } from './stream-update.js';
import { UPDATE_FAN_OUT } from './update-fan-out.js';
import type { UpdateFanOut } from './update-fan-out.js';

const TOPIC_KINDS = new Map([
  [PLATFORM_TOPICS.orderEvents.name, 'orders'],
  [PLATFORM_TOPICS.fills.name, 'fills'],
  [PLATFORM_TOPICS.positions.name, 'positions'],
  [PLATFORM_TOPICS.tradingState.name, 'trading-state'],
] as const);

/**
 * Takes order events, fills, position and account snapshots and trading-state changes off the
 * bus and hands them to the fan-out. Every replica joins ONE consumer group, `gateway`: the bus
 * gives each message to one replica (as it does for every service), and the fan-out (Redis
 * pub/sub in distributed mode) gives it to all. One group per replica would also reach every
 * replica, but each new pod would leave a Kafka group behind with its committed offsets, and
 * each replica would read every partition; see docs/architecture/gateway.md.
 */
@Injectable()
export class BusUpdates implements OnModuleInit {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus | undefined,
    @Inject(UPDATE_FAN_OUT) private readonly fanOut: UpdateFanOut,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.bus) throw new Error('the gateway needs the event bus for its stream (dependsOn: bus)');
    await this.fanOut.start();
    await this.bus.subscribe({
      groupId: 'gateway',
      topics: [...TOPIC_KINDS.keys()],
      // A first deployment streams from now on, not the topics' whole history.
      startFrom: 'latest',
      handler: (delivery) => this.forward(delivery),
    });
  }

  private async forward({ topic, message }: DeliveredMessage): Promise<void> {
    const kind = TOPIC_KINDS.get(topic as never);
    const update = kind && toStreamUpdate(kind, message);
    if (update) await this.fanOut.publish(update);
  }
}
