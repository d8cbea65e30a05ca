export * from './parse-result.js';
export * from './market-data.js';
export * from './order-commands.js';
export * from './order-events.js';
export * from './risk.js';
export * from './portfolio.js';
export * from './registry.js';
