import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { Portfolio, contracts } from '@tradeforge/core';
import type { AccountSnapshot, OrderFilled } from '@tradeforge/core';
import { EVENT_BUS, PLATFORM_SETTINGS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';

const ACCOUNT = 'demo-trader';

/**
 * Keeps the account's positions, cash and PnL from fills with core's portfolio, which applies
 * each (venue, trade id) once, marks positions to the latest bars, and publishes a position and
 * account snapshot after every fill for risk, the gateway and the dashboard.
 */
@Injectable()
export class PortfolioKeeper implements OnModuleInit {
  private readonly bus: EventBus;
  private readonly portfolio = new Portfolio(
    PLATFORM_SETTINGS.venues.find((v) => v.id === 'paper')?.startingCash ?? 0,
    PLATFORM_SETTINGS.instruments[0]?.quoteCurrency ?? 'USDT',
  );
  private readonly lotSizes = new Map(PLATFORM_SETTINGS.instruments.map((i) => [i.id, i.lotSize]));

  constructor(@Inject(EVENT_BUS) bus: EventBus | undefined) {
    if (!bus) throw new Error('the portfolio service needs the event bus (dependsOn: bus)');
    this.bus = bus;
  }

  async onModuleInit(): Promise<void> {
    await this.bus.subscribe({
      groupId: 'portfolio',
      topics: [PLATFORM_TOPICS.fills, PLATFORM_TOPICS.marketBars],
      handler: (delivery) => this.handle(delivery),
    });
  }

  snapshot(): AccountSnapshot {
    return this.portfolio.snapshot(Date.now());
  }

  private async handle({ message }: DeliveredMessage): Promise<void> {
    if (message.type === 'market.bar') {
      this.portfolio.mark(message.instrumentId, message.close);
    } else if (message.type === 'order.filled') {
      await this.applyFill(message);
    }
  }

  private async applyFill(fill: OrderFilled): Promise<void> {
    const lotSize = this.lotSizes.get(fill.instrumentId);
    if (lotSize === undefined) throw new Error(`fill for unknown instrument ${fill.instrumentId}`); // dead-lettered
    const result = this.portfolio.applyFill(fill, { id: fill.instrumentId, lotSize });
    if (!result.applied) return; // a fill seen before: never counted twice
    this.portfolio.mark(fill.instrumentId, fill.price);
    const snapshot = this.portfolio.snapshot(fill.ts);
    const position = contracts
      .toPositionSnapshotMessages(ACCOUNT, snapshot)
      .find((p) => p.instrumentId === fill.instrumentId);
    if (position) await this.bus.publish(PLATFORM_TOPICS.positions, position);
    await this.bus.publish(PLATFORM_TOPICS.positions, contracts.toAccountSnapshotMessage(ACCOUNT, snapshot));
  }
}
