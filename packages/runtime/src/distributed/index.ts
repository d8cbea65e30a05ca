export { runDistributedPlatform } from './run-distributed-platform.js';
export type { RunDistributedOptions } from './run-distributed-platform.js';
export { missingConnections, startDistributedPlatform } from './start-distributed-platform.js';
export type { DistributedPlatform, DistributedService, StartDistributedOptions } from './start-distributed-platform.js';
