import { Inject, Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Observable } from 'rxjs';
import { SERVICE_MANIFEST } from '../health/health.controller.js';
import type { ServiceManifest } from '../service-manifest.js';
import { SERVICE_ATTRIBUTE, platformTracer, withService } from './trace-context.js';

/** Probes and scrapes: polled every few seconds by machines, they would drown the traces. */
const UNTRACED_ROUTES = new Set(['/health', '/ready', '/metrics']);

type RoutedRequest = IncomingMessage & { route?: { path?: string }; path?: string; method?: string };

/**
 * Every HTTP request a service handles runs in a SERVER span `<METHOD> <route>`, continuing the
 * caller's trace when the request carries a W3C `traceparent`. The handler (and everything it
 * awaits: database writes, outbox rows, bus publishes, outgoing calls with `traceHeaders()`) runs
 * with that span active. The span ends when the response is sent, with its final status code.
 */
@Injectable()
export class HttpTracingInterceptor implements NestInterceptor {
  constructor(@Inject(SERVICE_MANIFEST) private readonly manifest: ServiceManifest) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const http = execution.switchToHttp();
    const request = http.getRequest<RoutedRequest>();
    const response = http.getResponse<ServerResponse>();
    const route = request.route?.path ?? request.path ?? request.url ?? '/';
    if (UNTRACED_ROUTES.has(route)) return next.handle();

    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const method = request.method ?? 'GET';
    const span = platformTracer().startSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'http.route': route,
          'url.path': request.url?.split('?')[0] ?? route,
          [SERVICE_ATTRIBUTE]: this.manifest.name,
        },
      },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    // The exception filter writes the status after the handler failed: read it when the response is done.
    response.once('finish', end);
    response.once('close', end);

    const active = withService(trace.setSpan(parent, span), this.manifest.name);
    // `next.handle()` binds the handler to the async context it is called in, so call it inside ours.
    return new Observable((subscriber) =>
      context.with(active, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            span.recordException(error instanceof Error ? error : String(error));
            subscriber.error(error);
          },
          complete: () => subscriber.complete(),
        }),
      ),
    );
  }
}
