import type { Type } from '@nestjs/common';
import { InvalidServiceEnvError, loadServiceEnv } from '../config/service-env.js';
import { infrastructureNeeds, openInfrastructure } from '../infrastructure/platform-infrastructure.js';
import { createJsonLogger } from '../logging/create-logger.js';
import { startErrorReporting } from '../observability/error-reporting.js';
import { startTelemetry } from '../observability/telemetry.js';
import type { ServiceManifest } from '../service-manifest.js';
import { createServiceApp } from './create-service-app.js';

/**
 * The whole life of a service process: validate the environment (one clear line and exit 1 when
 * it is wrong), start telemetry and error reporting, serve, and on SIGTERM or SIGINT stop taking
 * requests, finish the ones in flight, flush telemetry and exit 0.
 */
export async function runService(manifest: ServiceManifest, appModule: Type<unknown>): Promise<void> {
  let env;
  try {
    env = loadServiceEnv(manifest);
  } catch (error) {
    if (!(error instanceof InvalidServiceEnvError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createJsonLogger(manifest.name, env.LOG_LEVEL);
  const stopTelemetry = startTelemetry(`${manifest.platform}-${manifest.name}`, env);
  const stopErrorReporting = startErrorReporting(manifest, env);
  const infrastructure = await openInfrastructure(manifest.name, env, infrastructureNeeds(manifest));
  const app = await createServiceApp(manifest, env, appModule, infrastructure, logger);
  // Handlers first: a signal that arrives while the server starts still shuts down cleanly.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`);
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${env.SHUTDOWN_TIMEOUT_MS} ms, exiting`);
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    await app.close();
    await infrastructure.close();
    await Promise.allSettled([stopTelemetry(), stopErrorReporting()]);
    logger.log('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // Modules subscribe while the app initialises; the bus starts delivering once all have.
  await app.init();
  await infrastructure.start();
  await app.listen(env.PORT, env.HOST);
  logger.log(`listening on http://${env.HOST}:${env.PORT} (mode ${env.PLATFORM_MODE})`);
}
