import { contracts } from '@tradeforge/core';
import type { VenueEvent } from '@tradeforge/core';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus, Subscription } from '@tradeforge/runtime';
import { createPaperVenue } from '../paper/paper-venue.js';
import { LIVE_VENUES } from '../venues/venue-factory.js';
import type { LiveVenueId } from '../venues/venue-factory.js';
import { credentialSecretsOf, platformBrokerSettings } from './broker-settings.js';
import type { BrokerSettings } from './broker-settings.js';
import { LiveVenue } from './live-venue.js';
import { OrderIntake } from './order-intake.js';
import { VenueRouter } from './venue-router.js';
import type { RoutedVenue } from './venue-router.js';

export interface BrokerOptions {
  readonly bus: EventBus;
  /** @default the generated platform settings */
  readonly settings?: BrokerSettings;
  /** Where venue credentials are looked up. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Passed to each live venue. @default 60000 */
  readonly reconcileEveryMs?: number;
}

/**
 * The broker on the bus: pairs orders with risk decisions (`OrderIntake`), routes approved
 * orders and cancels to their instrument's venue (`VenueRouter`) — the paper venue, or an
 * enabled real venue opened at start (`LiveVenue`) — and publishes what venues answer on the
 * order-events topic, fills also on the fills topic. Bars drive the paper venue's matching and,
 * in sandbox mode, the mock venues' prices.
 */
export class Broker {
  private subscription: Subscription | undefined;

  private constructor(
    private readonly bus: EventBus,
    private readonly router: VenueRouter,
    private readonly intake: OrderIntake,
    private readonly paper: ReturnType<typeof createPaperVenue>,
    /** Enabled real venues, by id. */
    readonly liveVenues: ReadonlyMap<string, LiveVenue>,
  ) {}

  /** Opens every enabled real venue (reconciling it), then consumes orders, decisions and bars. */
  static async start(options: BrokerOptions): Promise<Broker> {
    const settings = options.settings ?? platformBrokerSettings();
    const live = await openLiveVenues(settings, options);
    const paper = createPaperVenue(settings.instruments);
    const venues = new Map<string, RoutedVenue>([['paper', { client: paper, blocked: () => undefined }]]);
    for (const [id, venue] of live) {
      venues.set(id, {
        client: venue,
        blocked: () => {
          const status = venue.status();
          return status.tradingAllowed ? undefined : status.detail;
        },
      });
    }
    const router = new VenueRouter(settings, venues, (event) => void publish(options.bus, event));
    const intake = new OrderIntake((command) => router.submit(command));
    const broker = new Broker(options.bus, router, intake, paper, live);
    await broker.subscribe();
    return broker;
  }

  async close(): Promise<void> {
    await this.subscription?.stop();
    await Promise.all([...this.liveVenues.values()].map((venue) => venue.close()));
  }

  private async subscribe(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: 'broker',
      topics: [PLATFORM_TOPICS.orderCommands, PLATFORM_TOPICS.riskDecisions, PLATFORM_TOPICS.marketBars],
      handler: (delivery) => this.handle(delivery),
    });
  }

  private handle({ message }: DeliveredMessage): void {
    switch (message.type) {
      case 'order.submit':
        return this.intake.command(message);
      case 'risk.decision':
        return this.intake.decision(message);
      case 'order.cancel':
        return this.router.cancel(message, this.intake.withdraw(message.clientOrderId));
      case 'market.bar': {
        const bar = contracts.barFromMessage(message);
        this.paper.onBar(bar);
        for (const venue of this.liveVenues.values()) venue.onBar(bar);
        return;
      }
    }
  }
}

/** A venue's answer as an order event; a fill also on the fills topic (the portfolio's input). */
async function publish(bus: EventBus, event: VenueEvent): Promise<void> {
  await bus.publish(PLATFORM_TOPICS.orderEvents, event);
  if (event.type === 'order.filled') await bus.publish(PLATFORM_TOPICS.fills, event);
}

/** Each enabled venue with an adapter (Binance, Upbit), opened with its instruments. */
async function openLiveVenues(settings: BrokerSettings, options: BrokerOptions): Promise<Map<string, LiveVenue>> {
  const enabled = settings.venues.filter(
    (v): v is typeof v & { id: LiveVenueId } => v.enabled && (LIVE_VENUES as readonly string[]).includes(v.id),
  );
  const opened = await Promise.all(
    enabled.map((v) =>
      LiveVenue.open({
        id: v.id,
        instruments: settings.instruments.filter((i) => i.venue === v.id),
        credentialSecrets: credentialSecretsOf(v),
        baseUrl: v.baseUrl ?? undefined,
        env: options.env ?? process.env,
        reconcileEveryMs: options.reconcileEveryMs,
      }),
    ),
  );
  return new Map(opened.map((venue) => [venue.venue, venue]));
}
