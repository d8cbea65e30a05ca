import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_CONFIG } from '../config/gateway-config.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { REDIS_CONNECTION, RedisConnection } from './redis-connection.js';

/**
 * The gateway's Redis (`REDIS_URL`: always in distributed mode, where the runtime requires it;
 * optional in embedded mode). Without it the gateway keeps its counters and fan-out in process.
 */
@Module({
  providers: [
    {
      provide: REDIS_CONNECTION,
      useFactory: (config: GatewayConfig) => (config.redisUrl ? RedisConnection.open(config.redisUrl) : undefined),
      inject: [GATEWAY_CONFIG],
    },
  ],
  exports: [REDIS_CONNECTION],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }
}
