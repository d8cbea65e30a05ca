import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService, Type } from '@nestjs/common';
import type { ServiceEnv } from '../config/service-env.js';
import type { PlatformInfrastructure } from '../infrastructure/platform-infrastructure.js';
import { PlatformModule } from '../platform.module.js';
import type { ServiceManifest } from '../service-manifest.js';

/**
 * What a service's AppModule class may add to the application once it exists, before it
 * initialises: what needs the application object rather than a provider (OpenAPI documents,
 * static assets). Declare it as `static setUpApp(app)` on the AppModule.
 */
export interface ServiceAppSetup {
  setUpApp?(app: INestApplication): void | Promise<void>;
}

/** Builds the NestJS application of one service (not yet listening). */
export async function createServiceApp(
  manifest: ServiceManifest,
  env: ServiceEnv,
  appModule: Type<unknown>,
  infrastructure: PlatformInfrastructure,
  logger: LoggerService | false,
): Promise<INestApplication> {
  const app = await NestFactory.create(PlatformModule.forService(manifest, env, appModule, infrastructure), {
    logger,
    abortOnError: false,
  });
  await (appModule as ServiceAppSetup).setUpApp?.(app);
  return app;
}
