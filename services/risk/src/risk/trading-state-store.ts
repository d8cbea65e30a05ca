import { createClient } from 'redis';
import type { RedisClientType } from 'redis';
import { TradingState } from '@tradeforge/core';

/** The last trading state set, with why: what a restarted risk service resumes with. */
export interface StoredTradingState {
  readonly state: TradingState;
  readonly reason: string;
  readonly ts: number;
}

const STATES = new Set<string>(Object.values(TradingState));

/**
 * The kill switch outlives the risk process: in distributed mode the trading state is kept in
 * Redis, so a risk service that restarts (or a second replica) starts HALTED if trading was
 * halted, instead of silently trading again. Embedded mode has no Redis: there the whole
 * platform is one process, and a restart restarts everything.
 */
export class RedisTradingStateStore {
  private constructor(
    private readonly client: RedisClientType,
    private readonly key: string,
  ) {}

  /** Connects; throws when Redis does not answer, so the service does not start without its state. */
  static async open(url: string, platform: string): Promise<RedisTradingStateStore> {
    let connected = false;
    const client = createClient({
      url,
      socket: {
        connectTimeout: 5_000,
        // Reconnect for ever once connected; give up after a few tries at start (fail closed).
        reconnectStrategy: (retries, cause) =>
          connected ? Math.min(retries * 100, 2_000) : retries >= 3 ? cause : 200,
      },
    }) as RedisClientType;
    // Without a listener an 'error' event would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw new Error(
        `Redis at ${url} does not answer (${(error as Error).message}); risk keeps the trading state there and does not start without it`,
        { cause: error },
      );
    }
    connected = true;
    return new RedisTradingStateStore(client, `${platform}:risk:trading-state`);
  }

  async load(): Promise<StoredTradingState | undefined> {
    const raw = await this.client.get(this.key);
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as Partial<StoredTradingState>;
    if (typeof stored.state !== 'string' || !STATES.has(stored.state)) {
      // Unreadable means unknown: fail closed rather than trade.
      return { state: TradingState.Halted, reason: `unreadable stored trading state ${raw}`, ts: Date.now() };
    }
    return { state: stored.state, reason: String(stored.reason ?? ''), ts: Number(stored.ts ?? 0) };
  }

  async save(value: StoredTradingState): Promise<void> {
    await this.client.set(this.key, JSON.stringify(value));
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
