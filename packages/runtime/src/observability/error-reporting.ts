import { Catch, HttpException, Inject } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { trace } from '@opentelemetry/api';
import * as Sentry from '@sentry/node';
import type { ServiceEnv } from '../config/service-env.js';
import { SERVICE_MANIFEST } from '../health/health.controller.js';
import type { ServiceManifest } from '../service-manifest.js';

/**
 * Sends unhandled errors to Sentry when `SENTRY_DSN` is set; silent otherwise. Tracing stays
 * with our own OpenTelemetry setup (Sentry 11 installs no tracer provider of its own by default).
 * Returns the shutdown, which sends what is queued (at most 2 s).
 */
export function startErrorReporting(
  manifest: Pick<ServiceManifest, 'platform' | 'name'>,
  env: Pick<ServiceEnv, 'SENTRY_DSN' | 'DEPLOY_ENVIRONMENT'>,
): () => Promise<void> {
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

/**
 * Reports one error to Sentry (a no-op when error reporting is not started), tagged with the
 * service and the active trace id, so an error in Sentry leads to its trace in Jaeger.
 */
export function reportError(error: unknown, service: string): void {
  if (!Sentry.isInitialized()) return;
  Sentry.withScope((scope) => {
    scope.setTag('service', service);
    const span = trace.getActiveSpan();
    if (span) scope.setTag('trace_id', span.spanContext().traceId);
    Sentry.captureException(error);
  });
}

/**
 * Reports what a request handler threw and did not mean as an HTTP answer (anything but an
 * `HttpException`: a bug, a lost database), then lets Nest answer as usual (500). Errors the
 * handler chose (`BadRequestException`, 404, 503 from `/ready`) are answers, not incidents.
 */
@Catch()
export class ErrorReportingFilter extends BaseExceptionFilter {
  constructor(@Inject(SERVICE_MANIFEST) private readonly manifest: ServiceManifest) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof HttpException)) reportError(exception, this.manifest.name);
    super.catch(exception, host);
  }
}
