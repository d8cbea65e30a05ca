export * from './bootstrap/create-service-app.js';
export * from './bootstrap/run-service.js';
export * from './bus/index.js';
export * from './config/service-directory.js';
export * from './config/service-env.js';
export * from './embedded/start-embedded-services.js';
export * from './health/health.controller.js';
export * from './health/readiness-probes.js';
export * from './infrastructure/platform-infrastructure.js';
export * from './launcher/dev-token-issuer.js';
export * from './logging/create-logger.js';
export * from './observability/error-reporting.js';
export * from './observability/metrics/service-metrics.js';
export * from './observability/service-event-bus.js';
export * from './observability/telemetry.js';
export {
  CLIENT_ORDER_ID_ATTRIBUTE,
  SERVICE_ATTRIBUTE,
  TRACE_HEADERS,
  traceHeaders,
} from './observability/trace-context.js';
export * from './platform.module.js';
export type * from './platform-settings.js';
export { PLATFORM_SETTINGS } from './generated/platform-settings.js';
export type * from './service-manifest.js';
