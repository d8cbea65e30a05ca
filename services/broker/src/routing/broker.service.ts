import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EVENT_BUS, METRICS_REGISTRY, READINESS_PROBES } from '@tradeforge/runtime';
import type { EventBus, ReadinessProbe } from '@tradeforge/runtime';
import { Broker } from './broker.js';
import { BROKER_SETTINGS } from './broker-settings.js';
import type { BrokerSettings } from './broker-settings.js';
import { registerVenueCircuitGauge, registerVenueStreamGauge, venueReadinessProbes } from './venue-health.js';
import type { MetricsRegistryLike } from './venue-health.js';

/**
 * The broker in the service: starts the `Broker` on the platform's bus and settings
 * (`BROKER_SETTINGS`, the generated platform settings unless a module provides others), adds each
 * enabled real venue's status to `/ready` and its circuit and trade-stream state to `/metrics`.
 */
@Injectable()
export class BrokerService implements OnModuleInit, OnModuleDestroy {
  private broker: Broker | undefined;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus | undefined,
    @Inject(BROKER_SETTINGS) private readonly settings: BrokerSettings,
    @Inject(READINESS_PROBES) private readonly probes: Record<string, ReadinessProbe>,
    @Inject(METRICS_REGISTRY) private readonly registry: MetricsRegistryLike,
  ) {
    if (!bus) throw new Error('the broker needs the event bus (dependsOn: bus)');
  }

  async onModuleInit(): Promise<void> {
    this.broker = await Broker.start({ bus: this.bus!, settings: this.settings });
    const venues = [...this.broker.liveVenues.values()];
    Object.assign(this.probes, venueReadinessProbes(venues));
    registerVenueCircuitGauge(this.registry, venues);
    registerVenueStreamGauge(this.registry, this.broker.tradeFeed);
  }

  async onModuleDestroy(): Promise<void> {
    await this.broker?.close();
  }
}
