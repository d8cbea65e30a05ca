import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { contracts, generateSyntheticBars } from '@tradeforge/core';
import type { BarSeries } from '@tradeforge/core';
import { EVENT_BUS, PLATFORM_SETTINGS, PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';

/** Starting prices for the synthetic walk, so demo orders look like the real markets. */
const START_PRICES: Readonly<Record<string, number>> = { BTCUSDT: 64_000, ETHUSDT: 3_200 };
/** Bars generated ahead per instrument; the replay wraps around after the last one. */
const BARS_PER_INSTRUMENT = 100_000;

/**
 * Streams seeded synthetic bars for every configured instrument onto the bus, one per instrument
 * every `MARKET_DATA_INTERVAL_MS` (default 1000; 0 turns the feed off), stamped with the wall
 * clock. CSV replay and live venue feeds plug in here later.
 */
@Injectable()
export class SyntheticFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SyntheticFeed');
  private readonly bus: EventBus;
  private readonly series: { readonly instrumentId: string; readonly bars: BarSeries }[];
  private readonly intervalMs = Number(process.env.MARKET_DATA_INTERVAL_MS ?? 1000);
  private timer: NodeJS.Timeout | undefined;
  private index = 0;
  private publishing = false;
  private failing = false;

  constructor(@Inject(EVENT_BUS) bus: EventBus | undefined) {
    if (!bus) throw new Error('the market-data service needs the event bus (dependsOn: bus)');
    this.bus = bus;
    this.series = PLATFORM_SETTINGS.instruments.map((instrument, i) => ({
      instrumentId: instrument.id,
      bars: generateSyntheticBars({
        instrumentId: instrument.id,
        bars: BARS_PER_INSTRUMENT,
        seed: 1 + i,
        startPrice: START_PRICES[instrument.symbol] ?? 100,
        tickSize: instrument.tickSize,
        intervalMs: 60_000,
        volatility: 0.001,
      }),
    }));
  }

  onApplicationBootstrap(): void {
    if (!(this.intervalMs > 0)) return this.logger.log('synthetic feed off (MARKET_DATA_INTERVAL_MS=0)');
    this.timer = setInterval(() => void this.publishNext(), this.intervalMs);
    this.logger.log(`streaming ${this.series.length} instruments, a bar each every ${this.intervalMs} ms`);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Publishes the next bar of every instrument. A tick the bus cannot take (not connected yet,
   * or Kafka away) is dropped with one warning per outage: market data is perishable, and the
   * next tick carries a fresh price. A tick never overlaps the previous one.
   */
  async publishNext(): Promise<void> {
    if (this.publishing) return;
    this.publishing = true;
    const ts = Date.now();
    const i = this.index % BARS_PER_INSTRUMENT;
    try {
      await Promise.all(
        this.series.map(({ bars }) =>
          this.bus.publish(PLATFORM_TOPICS.marketBars, contracts.toBarMessage({ ...bars.bar(i), ts })),
        ),
      );
      this.index++;
      if (this.failing) this.logger.log('publishing bars again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`dropping bars until the bus takes them: ${(error as Error).message}`);
      this.failing = true;
    } finally {
      this.publishing = false;
    }
  }
}
