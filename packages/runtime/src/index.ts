export * from './bootstrap/create-service-app.js';
export * from './bootstrap/run-service.js';
export * from './bus/index.js';
export * from './config/service-env.js';
export * from './health/health.controller.js';
export * from './health/readiness-probes.js';
export * from './logging/create-logger.js';
export * from './platform.module.js';
export type * from './service-manifest.js';
