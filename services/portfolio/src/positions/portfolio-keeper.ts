import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { Portfolio, contracts } from '@tradeforge/core';
import type { AccountSnapshot, OrderFilled } from '@tradeforge/core';
import { TradingRepository } from '@tradeforge/persistence';
import type { Database, FillRecord } from '@tradeforge/persistence';
import { DATABASE, EVENT_BUS, PLATFORM_SETTINGS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';

const ACCOUNT = 'demo-trader';

/**
 * Keeps the account's positions, cash and PnL from fills with core's portfolio, which applies
 * each (venue, trade id) once, marks positions to the latest bars, and publishes a position and
 * account snapshot after every fill for risk, the gateway and the dashboard.
 */
@Injectable()
export class PortfolioKeeper implements OnModuleInit {
  private readonly logger = new Logger('PortfolioKeeper');
  private readonly bus: EventBus;
  private readonly portfolio = new Portfolio(
    PLATFORM_SETTINGS.venues.find((v) => v.id === 'paper')?.startingCash ?? 0,
    PLATFORM_SETTINGS.instruments[0]?.quoteCurrency ?? 'USDT',
  );
  private readonly lotSizes = new Map(PLATFORM_SETTINGS.instruments.map((i) => [i.id, i.lotSize]));

  constructor(
    @Inject(EVENT_BUS) bus: EventBus | undefined,
    @Inject(DATABASE) private readonly database: Database | undefined,
  ) {
    if (!bus) throw new Error('the portfolio service needs the event bus (dependsOn: bus)');
    this.bus = bus;
  }

  async onModuleInit(): Promise<void> {
    await this.rebuildFromRecordedFills();
    await this.bus.subscribe({
      groupId: 'portfolio',
      topics: [PLATFORM_TOPICS.fills, PLATFORM_TOPICS.marketBars],
      handler: (delivery) => this.handle(delivery),
    });
  }

  /**
   * Positions after a restart: every fill the order service recorded, applied again in order.
   * Fills also arriving on the bus afterwards are the same (venue, trade id) and count once.
   */
  private async rebuildFromRecordedFills(): Promise<void> {
    if (!this.database) return;
    const fills = await new TradingRepository(this.database.prisma).fills.history(ACCOUNT);
    for (const record of fills) {
      const fill = toOrderFilled(record);
      const lotSize = this.lotSizes.get(fill.instrumentId);
      if (lotSize === undefined) continue; // an instrument no longer configured
      this.portfolio.applyFill(fill, { id: fill.instrumentId, lotSize });
      this.portfolio.mark(fill.instrumentId, fill.price);
    }
    if (fills.length > 0) this.logger.log(`positions rebuilt from ${fills.length} recorded fills`);
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

/** A recorded fill as the event it was: what core's portfolio applies. */
function toOrderFilled(record: FillRecord): OrderFilled {
  return {
    type: 'order.filled',
    version: 1,
    clientOrderId: record.clientOrderId,
    strategyId: '',
    instrumentId: record.instrumentId,
    ts: record.occurredAt,
    venue: record.venue,
    tradeId: record.tradeId,
    venueOrderId: '',
    side: record.side as OrderFilled['side'],
    quantity: record.quantity,
    price: record.price,
    fee: record.fee,
    // Not recorded, and not used by positions or cash.
    liquidity: 'TAKER',
  };
}
