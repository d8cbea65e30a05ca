import type { RateLimitSettings } from '../config/gateway-config.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RateLimitVerdict } from './token-bucket.js';

/**
 * token-bucket.ts's arithmetic, atomically in Redis: every replica shares one bucket per client,
 * and Redis's clock (TIME) is the only clock, so replicas with skewed clocks agree.
 * KEYS[1] bucket hash; ARGV burst, perMinute. Returns {allowed 0|1, retryAfterSeconds}.
 */
const TAKE_TOKEN_LUA = `
local burst = tonumber(ARGV[1])
local refill_per_ms = tonumber(ARGV[2]) / 60000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated_at')
local tokens = burst
if state[1] then
  tokens = math.min(burst, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * refill_per_ms)
end
local allowed = 0
local retry_after = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry_after = math.max(1, math.ceil((1 - tokens) / refill_per_ms / 1000))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated_at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / refill_per_ms) + 1000)
return {allowed, retry_after}
`;

/** Counters in Redis: distributed mode, where a client's requests land on any replica. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: RedisConnection,
    private readonly settings: RateLimitSettings,
    private readonly keyPrefix = 'tradeforge:gateway:rate-limit:',
  ) {}

  async take(client: string): Promise<RateLimitVerdict> {
    const [allowed, retryAfterSeconds] = (await this.redis.client.eval(TAKE_TOKEN_LUA, {
      keys: [`${this.keyPrefix}${client}`],
      arguments: [String(this.settings.burst), String(this.settings.perMinute)],
    })) as [number, number];
    return { allowed: allowed === 1, retryAfterSeconds };
  }
}
