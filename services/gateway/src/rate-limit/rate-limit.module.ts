import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG } from '../config/gateway-config.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { REDIS_CONNECTION } from '../redis/redis-connection.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { RedisModule } from '../redis/redis.module.js';
import { InMemoryRateLimiter, RATE_LIMITER } from './rate-limiter.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

/** Per-client rate limits: in Redis when the gateway has one (replicas share them), else in memory. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: RATE_LIMITER,
      useFactory: (config: GatewayConfig, redis: RedisConnection | undefined) =>
        redis ? new RedisRateLimiter(redis, config.rateLimit) : new InMemoryRateLimiter(config.rateLimit),
      inject: [GATEWAY_CONFIG, REDIS_CONNECTION],
    },
  ],
  exports: [RATE_LIMITER],
})
export class RateLimitModule {}
