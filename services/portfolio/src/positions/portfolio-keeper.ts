import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Portfolio, contracts } from '@tradeforge/core';
import type { AccountSnapshot, OrderFilled } from '@tradeforge/core';
import { TradingRepository, executionKey } from '@tradeforge/persistence';
import type { Database, FillRecord } from '@tradeforge/persistence';
import { DATABASE, EVENT_BUS, PLATFORM_SETTINGS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';

const ACCOUNT = 'demo-trader';
/** How often fills waiting for the order service's record are looked up again. */
const RECHECK_MS = 200;
/** A fill the order service has not recorded after this long was refused by it: never counted. */
const GIVE_UP_MS = 10 * 60_000;

/**
 * Keeps the account's positions, cash and PnL from fills with core's portfolio, which applies
 * each (venue, trade id) once, marks positions to the latest bars, and publishes a position and
 * account snapshot after every fill for risk, the gateway and the dashboard.
 *
 * With a database, a fill from the bus counts only once the order service has recorded it: the
 * order service refuses a fill for an order that already ended (a paper order re-sent by a
 * restarted broker can fill twice at the venue), and positions must equal the recorded fills.
 * The wait is usually a few milliseconds; it never blocks the consumer.
 */
@Injectable()
export class PortfolioKeeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PortfolioKeeper');
  private readonly bus: EventBus;
  private readonly portfolio = new Portfolio(
    PLATFORM_SETTINGS.venues.find((v) => v.id === 'paper')?.startingCash ?? 0,
    PLATFORM_SETTINGS.instruments[0]?.quoteCurrency ?? 'USDT',
  );
  private readonly lotSizes = new Map(PLATFORM_SETTINGS.instruments.map((i) => [i.id, i.lotSize]));
  /** Fills from the bus the order service has not recorded yet, by execution key. */
  private readonly awaitingRecord = new Map<string, { fill: OrderFilled; since: number }>();
  private recheck: NodeJS.Timeout | undefined;
  /** The order service's records: recorded fills. Undefined without a database (then bus fills count). */
  private readonly repository: TradingRepository | undefined;

  constructor(@Inject(EVENT_BUS) bus: EventBus | undefined, @Inject(DATABASE) database: Database | undefined) {
    if (!bus) throw new Error('the portfolio service needs the event bus (dependsOn: bus)');
    this.bus = bus;
    this.repository = database ? new TradingRepository(database) : undefined;
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
    if (!this.repository) return;
    const fills = await this.repository.fills.history(ACCOUNT);
    for (const record of fills) {
      const fill = toOrderFilled(record);
      const lotSize = this.lotSizes.get(fill.instrumentId);
      if (lotSize === undefined) continue; // an instrument no longer configured
      this.portfolio.applyFill(fill, { id: fill.instrumentId, lotSize });
      this.portfolio.mark(fill.instrumentId, fill.price);
    }
    if (fills.length > 0) this.logger.log(`positions rebuilt from ${fills.length} recorded fills`);
  }

  onModuleDestroy(): void {
    clearTimeout(this.recheck);
    this.recheck = undefined;
  }

  snapshot(): AccountSnapshot {
    return this.portfolio.snapshot(Date.now());
  }

  private async handle({ message }: DeliveredMessage): Promise<void> {
    if (message.type === 'market.bar') {
      this.portfolio.mark(message.instrumentId, message.close);
    } else if (message.type === 'order.filled') {
      if (!this.repository) return this.applyFill(message);
      this.awaitingRecord.set(executionKey(message.venue, message.tradeId), { fill: message, since: Date.now() });
      await this.applyRecordedFills();
    }
  }

  /** Applies the awaited fills the order service has recorded; looks again shortly for the rest. */
  private async applyRecordedFills(): Promise<void> {
    if (!this.repository || this.awaitingRecord.size === 0) return;
    const waiting = [...this.awaitingRecord.entries()];
    const recorded = await this.repository.fills.recordedAmong(
      waiting.map(([, { fill }]) => ({ venue: fill.venue, tradeId: fill.tradeId })),
    );
    const now = Date.now();
    for (const [key, { fill, since }] of waiting) {
      if (recorded.has(key)) {
        this.awaitingRecord.delete(key);
        await this.applyFill(fill);
      } else if (now - since > GIVE_UP_MS) {
        this.awaitingRecord.delete(key);
        this.logger.warn(
          `fill ${key.replace('\u0000', ' ')} of ${fill.clientOrderId} was never recorded by the order service: not counted`,
        );
      }
    }
    this.scheduleRecheck();
  }

  private scheduleRecheck(): void {
    if (this.awaitingRecord.size === 0 || this.recheck !== undefined) return;
    this.recheck = setTimeout(() => {
      this.recheck = undefined;
      this.applyRecordedFills().catch((error: unknown) => {
        this.logger.warn(`looking up recorded fills failed, retrying: ${String(error)}`);
        this.scheduleRecheck();
      });
    }, RECHECK_MS);
    this.recheck.unref();
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
