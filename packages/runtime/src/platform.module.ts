import { Module } from '@nestjs/common';
import type { DynamicModule, Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { ServiceEnv } from './config/service-env.js';
import { HealthController, READINESS_PROBES, SERVICE_MANIFEST } from './health/health.controller.js';
import { dependencyProbes } from './health/readiness-probes.js';
import type { ProbeResult, ReadinessProbe } from './health/readiness-probes.js';
import { DATABASE, EVENT_BUS } from './infrastructure/platform-infrastructure.js';
import type { PlatformInfrastructure } from './infrastructure/platform-infrastructure.js';
import { ErrorReportingFilter } from './observability/error-reporting.js';
import { HttpTracingInterceptor } from './observability/http-tracing.interceptor.js';
import { registerConsumerLag } from './observability/metrics/consumer-lag.js';
import { MetricsController } from './observability/metrics/metrics.controller.js';
import { METRICS_REGISTRY, createServiceMetrics } from './observability/metrics/service-metrics.js';
import { ServiceEventBus } from './observability/service-event-bus.js';
import type { ServiceManifest } from './service-manifest.js';

export const SERVICE_ENV = Symbol('SERVICE_ENV');

/**
 * Wraps a service's own AppModule with what every service has: manifest, env, health endpoints,
 * `/metrics`, a trace span per request, unhandled errors reported to Sentry, and the
 * infrastructure (`EVENT_BUS`, `DATABASE`) its modules inject. The bus they get is the service's
 * own view of it (`ServiceEventBus`), which names the service on its spans and feeds its metrics.
 */
@Module({})
export class PlatformModule {
  static forService(
    manifest: ServiceManifest,
    env: ServiceEnv,
    appModule: Type<unknown>,
    infrastructure: PlatformInfrastructure,
  ): DynamicModule {
    const metrics = createServiceMetrics(manifest);
    const bus = infrastructure.bus && new ServiceEventBus(infrastructure.bus, manifest.name, metrics.orderFlow);
    if (bus) registerConsumerLag(metrics.registry, () => bus.consumerLag());
    return {
      module: PlatformModule,
      global: true,
      imports: [appModule],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_MANIFEST, useValue: manifest },
        { provide: SERVICE_ENV, useValue: env },
        { provide: EVENT_BUS, useValue: bus },
        { provide: DATABASE, useValue: infrastructure.database },
        { provide: READINESS_PROBES, useValue: readinessProbes(manifest, env, infrastructure) },
        { provide: METRICS_REGISTRY, useValue: metrics.registry },
        { provide: APP_INTERCEPTOR, useClass: HttpTracingInterceptor },
        { provide: APP_FILTER, useClass: ErrorReportingFilter },
      ],
      exports: [SERVICE_MANIFEST, SERVICE_ENV, EVENT_BUS, DATABASE, METRICS_REGISTRY, READINESS_PROBES],
    };
  }
}

/** Protocol-level probes where the infrastructure is open in this process; address probes otherwise. */
function readinessProbes(
  manifest: ServiceManifest,
  env: ServiceEnv,
  { bus, database }: PlatformInfrastructure,
): Record<string, ReadinessProbe> {
  const probes = dependencyProbes(manifest, env);
  if (probes.bus && bus) probes.bus = () => bus.probe();
  if (probes.database && database) {
    probes.database = async (): Promise<ProbeResult> => {
      try {
        await database.prisma.$queryRaw`SELECT 1`;
        return { status: 'up', detail: `${database.kind} answers queries` };
      } catch (error) {
        return { status: 'down', detail: `${database.kind}: ${(error as Error).message}` };
      }
    };
  }
  return probes;
}
