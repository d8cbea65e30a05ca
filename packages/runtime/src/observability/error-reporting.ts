import * as Sentry from '@sentry/node';
import type { ServiceManifest } from '../service-manifest.js';
import type { ServiceEnv } from '../config/service-env.js';

/**
 * Sends unhandled errors to Sentry when `SENTRY_DSN` is set; silent otherwise. Tracing stays
 * with our own OpenTelemetry setup (Sentry 11 installs no tracer provider of its own by default).
 */
export function startErrorReporting(manifest: ServiceManifest, env: ServiceEnv): () => Promise<void> {
  if (env.SENTRY_DSN === undefined) return async () => {};
  Sentry.init({
    dsn: env.SENTRY_DSN,
    environment: env.DEPLOY_ENVIRONMENT,
    serverName: `${manifest.platform}-${manifest.name}`,
  });
  return async () => {
    await Sentry.close(2_000);
  };
}
