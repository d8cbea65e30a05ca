import { NodeSDK } from '@opentelemetry/sdk-node';
import type { ServiceManifest } from '../service-manifest.js';
import type { ServiceEnv } from '../config/service-env.js';

/**
 * Starts OpenTelemetry tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the SDK reads the
 * standard OTEL_* variables itself). Without it nothing starts and `@opentelemetry/api` stays a
 * no-op, so a service that is not configured prints and sends nothing.
 */
export function startTelemetry(manifest: ServiceManifest, env: ServiceEnv): () => Promise<void> {
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return async () => {};
  const sdk = new NodeSDK({ serviceName: `${manifest.platform}-${manifest.name}` });
  sdk.start();
  return () => sdk.shutdown();
}
