import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { contracts } from '@tradeforge/core';
import type { Strategy } from '@tradeforge/core';
import { EVENT_BUS, PLATFORM_SETTINGS, PLATFORM_TOPICS, SERVICE_ENV, serviceUrlOfRole } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus, ServiceEnv } from '@tradeforge/runtime';
import { sampleStrategies } from '@tradeforge/sample-strategies';
import { LiveStrategyContext } from './live-strategy-context.js';

const ENDED = new Set(['order.denied', 'order.rejected', 'order.filled', 'order.canceled', 'order.expired']);

interface Running {
  readonly strategy: Strategy;
  readonly instrumentId: string;
  readonly context: LiveStrategyContext;
}

/**
 * Runs the configured sample strategies on live bars: the same strategy modules the backtester
 * runs, each with a live context whose orders go to the order service over its HTTP API.
 */
@Injectable()
export class StrategyRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger('StrategyRunner');
  private readonly bus: EventBus;
  private readonly running: Running[];

  constructor(@Inject(EVENT_BUS) bus: EventBus | undefined, @Inject(SERVICE_ENV) env: ServiceEnv) {
    if (!bus) throw new Error('the strategy service needs the event bus (dependsOn: bus)');
    this.bus = bus;
    const orderUrl = serviceUrlOfRole('order', env.variables); // ORDER_SERVICE_URL, else its configured port here
    const send = async (body: Record<string, unknown>) =>
      (
        await fetch(`${orderUrl}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status;
    this.running = PLATFORM_SETTINGS.strategies.map((configured, i) => {
      const definition = sampleStrategies[configured.name];
      if (!definition)
        throw new Error(`unknown strategy ${configured.name}; known: ${Object.keys(sampleStrategies).join(', ')}`);
      const strategy = definition.create({
        ...definition.defaults,
        ...configured.params,
        instrumentId: configured.instrument,
      });
      const context = new LiveStrategyContext(`${configured.name}-${i + 1}`, send, (error) =>
        this.logger.warn(`${configured.name}: ${error.message}`),
      );
      return { strategy, instrumentId: configured.instrument, context };
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const { strategy, context } of this.running) strategy.onStart?.(context);
    await this.bus.subscribe({
      groupId: 'strategy',
      topics: [PLATFORM_TOPICS.marketBars, PLATFORM_TOPICS.positions, PLATFORM_TOPICS.orderEvents],
      handler: (delivery) => this.handle(delivery),
    });
    this.logger.log(
      `running ${this.running.map((r) => `${r.strategy.id} on ${r.instrumentId}`).join(', ') || 'no strategies'}`,
    );
  }

  private handle({ message }: DeliveredMessage): void {
    for (const { strategy, instrumentId, context } of this.running) {
      if (message.type === 'market.bar' && message.instrumentId === instrumentId) {
        strategy.onBar?.(contracts.barFromMessage(message), context);
      } else if (message.type === 'position.snapshot') {
        context.onPosition(message.instrumentId, message.quantity);
      } else if (message.type === 'account.snapshot') {
        const { type: _type, version: _version, accountId: _account, ...account } = message;
        context.onAccount(account);
      } else if (ENDED.has(message.type) && 'clientOrderId' in message && context.owns(message.clientOrderId)) {
        context.onOrderEnded(message.clientOrderId);
      }
    }
  }
}
