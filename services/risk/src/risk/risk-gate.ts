import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LiveClock, RiskEngine, contracts, resolveRiskLimits } from '@tradeforge/core';
import type { Instrument, TradingState, TradingStateChanged } from '@tradeforge/core';
import { EVENT_BUS, PLATFORM_SETTINGS, PLATFORM_TOPICS, SERVICE_ENV } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus, ServiceEnv } from '@tradeforge/runtime';
import { LiveRiskView } from './live-risk-view.js';
import { RedisTradingStateStore } from './trading-state-store.js';

/**
 * Gates every new order with core's risk engine and owns the trading state (the kill switch);
 * cancels are never gated.
 * It reads orders, prices and positions from the bus and answers each `order.submit` with a
 * `risk.decision`; the limits and instruments come from the platform config.
 */
@Injectable()
export class RiskGate implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RiskGate');
  private readonly engine = new RiskEngine(resolveRiskLimits(PLATFORM_SETTINGS.risk), new LiveClock());
  private readonly instruments = new Map<string, Instrument>(PLATFORM_SETTINGS.instruments.map((i) => [i.id, i]));
  private readonly view = new LiveRiskView(PLATFORM_SETTINGS.venues.find((v) => v.id === 'paper')?.startingCash ?? 0);
  private readonly bus: EventBus;
  /** Where the trading state outlives this process (Redis, when REDIS_URL is set). */
  private store: RedisTradingStateStore | undefined;

  constructor(
    @Inject(EVENT_BUS) bus: EventBus | undefined,
    @Inject(SERVICE_ENV) private readonly env: ServiceEnv,
  ) {
    if (!bus) throw new Error('the risk service needs the event bus (dependsOn: bus)');
    this.bus = bus;
    this.engine.onTradingStateChanged((event) => {
      this.logger.log(`trading state ${event.state}: ${event.reason}`);
      this.announce(event);
      // The engine changes state on its own too (daily loss limit): keep the store in step.
      this.store?.save({ state: event.state, reason: event.reason, ts: event.ts }).catch((error: Error) => {
        this.logger.error(`trading state ${event.state} not stored in Redis: ${error.message}`);
      });
    });
  }

  get tradingState(): TradingState {
    return this.engine.tradingState;
  }

  /** Sets the state and, in distributed mode, resolves once it is stored (rejects if Redis refuses). */
  async setTradingState(state: TradingState, reason: string): Promise<void> {
    this.engine.setTradingState(state, reason);
    await this.store?.save({ state, reason, ts: Date.now() });
  }

  async onModuleInit(): Promise<void> {
    if (this.env.REDIS_URL) {
      this.store = await RedisTradingStateStore.open(this.env.REDIS_URL, PLATFORM_SETTINGS.platform);
      const stored = await this.store.load();
      if (stored && stored.state !== this.engine.tradingState) {
        this.engine.setTradingState(stored.state, `restored from Redis: ${stored.reason}`);
      }
    }
    await this.bus.subscribe({
      groupId: 'risk',
      topics: [
        PLATFORM_TOPICS.orderCommands,
        PLATFORM_TOPICS.orderEvents,
        PLATFORM_TOPICS.marketBars,
        PLATFORM_TOPICS.positions,
      ],
      handler: (delivery) => this.handle(delivery),
    });
  }

  private async handle({ message }: DeliveredMessage): Promise<void> {
    switch (message.type) {
      case 'order.submit':
        return this.decide(message);
      case 'order.cancel':
        // Cancels pass in every trading state, HALTED included (core's RiskEngine lets them
        // through too): risk never stands between a cancel and the venue, so the broker acts on
        // the command itself and risk learns the outcome from the order events below.
        return;
      case 'market.bar':
        this.view.onBar(message);
        this.engine.observeEquity(message.ts, this.view.equity());
        return;
      case 'position.snapshot':
        return this.view.onPosition(message);
      case 'order.filled':
        return this.view.onFill(message.clientOrderId, message.quantity);
      default:
        if ('clientOrderId' in message) this.view.onOrderEvent(message.type, message.clientOrderId);
    }
  }

  /**
   * Publishes a trading-state change. A state restored at start-up changes before the bus runs
   * (the platform starts the bus once every module has initialised), so it is retried until the
   * bus takes it.
   */
  private announce(event: TradingStateChanged, attempt = 1): void {
    this.bus.publish(PLATFORM_TOPICS.tradingState, event).catch((error: Error) => {
      if (attempt >= 100) return this.logger.error(`trading state ${event.state} not announced: ${error.message}`);
      setTimeout(() => this.announce(event, attempt + 1), 100).unref();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.store?.close();
  }

  private async decide(command: contracts.SubmitOrderCommand): Promise<void> {
    const order = contracts.orderViewOfSubmit(command);
    const decision = this.engine.checkSubmit(order, this.instruments.get(command.instrumentId), this.view);
    if (decision.approved) this.view.onApproved(order);
    await this.bus.publish(
      PLATFORM_TOPICS.riskDecisions,
      contracts.toRiskDecisionMessage(command.clientOrderId, decision, Date.now()),
    );
  }
}
