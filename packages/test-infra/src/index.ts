export { freePort } from './free-port.js';
export { findPostgresBinDir, startPostgres } from './postgres.js';
export type { RunningPostgres, StartPostgresOptions } from './postgres.js';
export { findRedisServer, ping, startRedis } from './redis.js';
export type { RunningRedis, StartRedisOptions } from './redis.js';
