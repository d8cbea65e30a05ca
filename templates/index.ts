// The generator's public surface: what `.projenrc.ts` and the infra app import.
export * from './config/bus-topics.js';
export * from './config/config-error.js';
export * from './config/defaults.js';
export * from './config/environment-config.js';
export * from './config/platform-config.js';
export * from './config/resolve-config.js';
export * from './config/risk-config.js';
export * from './config/service-config.js';
export * from './config/validate-config.js';
export * from './config/venue-config.js';
export * from './define-platform.js';
export * from './bus/platform-topics-file.js';
export * from './infra/infra-app.js';
export * from './project/tradeforge-project.js';
export * from './service/service-project.js';
export * from './versions.js';
export * from './workspace/workspace-package.js';
