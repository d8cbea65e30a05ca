import { Logger } from '@nestjs/common';
import { contracts } from '@tradeforge/core';
import type { OrderView } from '@tradeforge/core';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus, Subscription } from '@tradeforge/runtime';
import { createPaperVenue } from '../paper/paper-venue.js';
import { LIVE_VENUES } from '../venues/venue-factory.js';
import type { LiveVenueId } from '../venues/venue-factory.js';
import { credentialSecretsOf, platformBrokerSettings } from './broker-settings.js';
import type { BrokerSettings } from './broker-settings.js';
import { LiveVenue } from './live-venue.js';
import { OrderIntake } from './order-intake.js';
import type { OrderRecords } from './order-records.js';
import { ServiceOrderRecords } from './service-order-records.js';
import { VenueEventPublisher } from './venue-event-publisher.js';
import { VenueRouter } from './venue-router.js';
import type { RoutedVenue } from './venue-router.js';
import { VenueTradeFeed } from './venue-trade-feed.js';

export interface BrokerOptions {
  readonly bus: EventBus;
  /** @default the generated platform settings */
  readonly settings?: BrokerSettings;
  /** Where venue credentials are looked up. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Overrides every live venue's `reconcileEveryMs` from the settings (tests). @default each venue's setting */
  readonly reconcileEveryMs?: number;
  /**
   * Where a restart learns the orders it had sent and the positions their fills make.
   * @default the order and portfolio services over HTTP (`ServiceOrderRecords`)
   */
  readonly records?: OrderRecords;
  /** How long a start keeps asking the records for the paper venue's lost orders. @default 20000 */
  readonly paperRecoveryTimeoutMs?: number;
}

/**
 * The broker on the bus: pairs orders with risk decisions (`OrderIntake`), routes approved
 * orders and cancels to their instrument's venue (`VenueRouter`) — the paper venue, or an
 * enabled real venue opened at start (`LiveVenue`) — and publishes what venues answer on the
 * order-events topic, fills also on the fills topic. Bars drive the paper venue's matching and,
 * in sandbox mode, the mock venues' prices. Live venues' public trades go onto the market-ticks
 * topic (`VenueTradeFeed`), beside the order path and never in its way.
 */
export class Broker {
  private subscription: Subscription | undefined;

  private constructor(
    private readonly bus: EventBus,
    private readonly router: VenueRouter,
    private readonly intake: OrderIntake,
    private readonly paper: ReturnType<typeof createPaperVenue>,
    private readonly publisher: VenueEventPublisher,
    /** Enabled real venues, by id. */
    readonly liveVenues: ReadonlyMap<string, LiveVenue>,
    /** The live venues' public trades, published as ticks. */
    readonly tradeFeed: VenueTradeFeed,
  ) {}

  /**
   * Opens every enabled real venue, consumes orders, decisions and bars, then starts each real
   * venue: it adopts the orders our records hold open there (their cancels are routed to it) and
   * reconciles. A venue is blocked until that succeeds; it is retried in the background.
   */
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
    const publisher = new VenueEventPublisher(options.bus);
    const router = new VenueRouter(settings, venues, (event) => publisher.publish(event));
    const intake = new OrderIntake((command) => router.submit(command));
    const tradeFeed = new VenueTradeFeed({ bus: options.bus });
    const broker = new Broker(options.bus, router, intake, paper, publisher, live, tradeFeed);
    const records = options.records ?? new ServiceOrderRecords(options.env ?? process.env);
    // A broker in a process of its own can restart alone and lose the paper venue's book; embedded,
    // the whole platform starts together. Before consuming: a redelivered command must find its order sent.
    if (options.records || (options.env ?? process.env).PLATFORM_MODE === 'distributed') {
      await resendPaperOrders(settings, records, router, intake, options.paperRecoveryTimeoutMs ?? 20_000);
    }
    await broker.subscribe();
    // Each venue's trade stream opens once its start-up succeeded; nothing waits for it.
    for (const venue of live.values()) {
      void tradeFeed.add(
        { venue: venue.venue, adapter: venue.opened.adapter, instruments: venue.instruments },
        venue.started,
      );
    }
    await Promise.all(
      [...live.values()].map((venue) => venue.start(records, (_, orders) => router.adopt(venue, orders))),
    );
    return broker;
  }

  async close(): Promise<void> {
    await this.subscription?.stop();
    await this.tradeFeed.close();
    await Promise.all([...this.liveVenues.values()].map((venue) => venue.close()));
    this.publisher.close();
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

const PAPER_LOG = new Logger('PaperVenue');

/**
 * The paper venue keeps its book in this process, so a restarted broker starts with an empty
 * one while the order service still holds orders that were sent there and have not ended. They
 * are sent again (what is left of each), so they trade instead of waiting forever. The records
 * may not answer yet (the whole platform starting at once): asked again until `timeoutMs`, then
 * the start goes on without them, saying so.
 */
async function resendPaperOrders(
  settings: BrokerSettings,
  records: OrderRecords,
  router: VenueRouter,
  intake: OrderIntake,
  timeoutMs: number,
): Promise<void> {
  const instruments = settings.instruments.filter((i) => i.venue === 'paper').map((i) => i.id);
  if (instruments.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const open = await records.openOrders(instruments, []);
      // PENDING_CANCEL and UNKNOWN are not re-sent: the cancel, or the query, decides those.
      const lost = open.filter(
        (o) => o.status === 'SUBMITTED' || o.status === 'ACCEPTED' || o.status === 'PARTIALLY_FILLED',
      );
      if (lost.length > 0)
        PAPER_LOG.warn(`re-sent ${lost.length} open orders the paper venue lost when the broker stopped`);
      router.resend('paper', lost);
      // Their command may have been taken before the stop, their decision be yet to come.
      for (const order of (await records.awaitingDecision?.(instruments)) ?? []) intake.command(submitCommandOf(order));
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        return PAPER_LOG.warn(
          `paper venue: open orders not recovered (${(error as Error).message}); starting without them`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** The `order.submit` command an order was placed with, from its record. */
function submitCommandOf(order: OrderView): contracts.SubmitOrderCommand {
  return {
    type: 'order.submit',
    version: 1,
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    side: order.side,
    orderType: order.type,
    quantity: order.quantity,
    ...(order.price !== undefined ? { price: order.price } : {}),
    ...(order.triggerPrice !== undefined ? { triggerPrice: order.triggerPrice } : {}),
    timeInForce: order.timeInForce,
    reduceOnly: order.reduceOnly,
    ts: order.createdAt,
  };
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
        streamUrl: v.streamUrl ?? undefined,
        env: options.env ?? process.env,
        // A test's override first, then the config's.
        reconcileEveryMs: options.reconcileEveryMs ?? v.reconcileEveryMs ?? undefined,
      }),
    ),
  );
  return new Map(opened.map((venue) => [venue.venue, venue]));
}
