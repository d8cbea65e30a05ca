import { createClient } from 'redis';
import type { RedisClientType } from 'redis';

/** Injection token of the gateway's `RedisConnection`, undefined when no REDIS_URL is set. */
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

type Client = RedisClientType;

/**
 * One command connection to Redis (rate-limit scripts, publishing stream updates) and, on
 * demand, one more for subscribing: a Redis connection in subscriber mode cannot run commands.
 */
export class RedisConnection {
  private subscriber: Client | undefined;

  private constructor(readonly client: Client) {}

  static async open(url: string): Promise<RedisConnection> {
    const client = createClient({ url });
    // Without a listener an 'error' event would crash the process; node-redis reconnects itself.
    client.on('error', () => undefined);
    await client.connect();
    return new RedisConnection(client);
  }

  /** Calls `listener` with every message on `channel`, from any replica. */
  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    if (!this.subscriber) {
      this.subscriber = this.client.duplicate();
      this.subscriber.on('error', () => undefined);
      await this.subscriber.connect();
    }
    await this.subscriber.subscribe(channel, listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber?.close(), this.client.close()]);
  }
}
