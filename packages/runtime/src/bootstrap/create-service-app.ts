import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService, Type } from '@nestjs/common';
import type { ServiceEnv } from '../config/service-env.js';
import type { PlatformInfrastructure } from '../infrastructure/platform-infrastructure.js';
import { PlatformModule } from '../platform.module.js';
import type { ServiceManifest } from '../service-manifest.js';

/** Builds the NestJS application of one service (not yet listening). */
export async function createServiceApp(
  manifest: ServiceManifest,
  env: ServiceEnv,
  appModule: Type<unknown>,
  infrastructure: PlatformInfrastructure,
  logger: LoggerService | false,
): Promise<INestApplication> {
  return NestFactory.create(PlatformModule.forService(manifest, env, appModule, infrastructure), {
    logger,
    abortOnError: false,
  });
}
