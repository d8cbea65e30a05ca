import { Module } from '@nestjs/common';
import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceEnv } from './config/service-env.js';
import { HealthController, READINESS_PROBES, SERVICE_MANIFEST } from './health/health.controller.js';
import { dependencyProbes } from './health/readiness-probes.js';
import type { ServiceManifest } from './service-manifest.js';

export const SERVICE_ENV = Symbol('SERVICE_ENV');

/** Wraps a service's own AppModule with what every service has: manifest, env, health endpoints. */
@Module({})
export class PlatformModule {
  static forService(manifest: ServiceManifest, env: ServiceEnv, appModule: Type<unknown>): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [appModule],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_MANIFEST, useValue: manifest },
        { provide: SERVICE_ENV, useValue: env },
        { provide: READINESS_PROBES, useValue: dependencyProbes(manifest, env) },
      ],
      exports: [SERVICE_MANIFEST, SERVICE_ENV],
    };
  }
}
