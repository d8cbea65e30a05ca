import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { REDIS_CONNECTION } from '../redis/redis-connection.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { RedisModule } from '../redis/redis.module.js';
import { BusUpdates } from './bus-updates.js';
import { RecentActivity } from './recent-activity.js';
import { StreamServer } from './stream-server.js';
import { LocalFanOut, RedisFanOut, UPDATE_FAN_OUT } from './update-fan-out.js';
import type { UpdateFanOut } from './update-fan-out.js';

/**
 * Live updates: from the bus through the fan-out (Redis pub/sub when the gateway has Redis, so
 * every replica streams every update; in process otherwise) to the WebSocket clients and to the
 * recent equity samples and fills the REST API serves.
 */
@Module({
  imports: [RedisModule, RateLimitModule],
  providers: [
    {
      provide: UPDATE_FAN_OUT,
      useFactory: (redis: RedisConnection | undefined) => (redis ? new RedisFanOut(redis) : new LocalFanOut()),
      inject: [REDIS_CONNECTION],
    },
    {
      provide: RecentActivity,
      useFactory: (fanOut: UpdateFanOut) => {
        const activity = new RecentActivity();
        fanOut.onUpdate((update) => activity.record(update));
        return activity;
      },
      inject: [UPDATE_FAN_OUT],
    },
    BusUpdates,
    StreamServer,
  ],
  exports: [RecentActivity],
})
export class StreamModule {}
