import type { RedisConnection } from '../redis/redis-connection.js';
import type { StreamUpdate } from './stream-update.js';

/** Injection token of the gateway's `UpdateFanOut`. */
export const UPDATE_FAN_OUT = Symbol('UPDATE_FAN_OUT');

export type UpdateListener = (update: StreamUpdate) => void;

/**
 * Hands every update one replica took off the bus to every replica's listeners (WebSocket
 * clients, recent activity). Bus consumers of one group share the messages between replicas;
 * the fan-out is what makes each replica see all of them.
 */
export interface UpdateFanOut {
  start(): Promise<void>;
  publish(update: StreamUpdate): Promise<void>;
  onUpdate(listener: UpdateListener): void;
}

/** One gateway in the process (embedded mode): listeners are called directly. */
export class LocalFanOut implements UpdateFanOut {
  private readonly listeners: UpdateListener[] = [];

  async start(): Promise<void> {}

  async publish(update: StreamUpdate): Promise<void> {
    for (const listener of this.listeners) listener(update);
  }

  onUpdate(listener: UpdateListener): void {
    this.listeners.push(listener);
  }
}

/** Replicas share a Redis pub/sub channel: each publishes what it consumed, all receive it. */
export class RedisFanOut implements UpdateFanOut {
  private readonly listeners: UpdateListener[] = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly channel = 'tradeforge:gateway:updates',
  ) {}

  async start(): Promise<void> {
    await this.redis.subscribe(this.channel, (text) => {
      const update = JSON.parse(text) as StreamUpdate;
      for (const listener of this.listeners) listener(update);
    });
  }

  async publish(update: StreamUpdate): Promise<void> {
    await this.redis.client.publish(this.channel, JSON.stringify(update));
  }

  onUpdate(listener: UpdateListener): void {
    this.listeners.push(listener);
  }
}
