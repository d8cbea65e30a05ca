import { sleep } from '../shared/backoff.js';
import { KIS_TOKEN_INTERVAL_MS } from './kis-limits.js';

/** An access token as `POST /oauth2/tokenP` issued it. */
export interface KisAccessToken {
  readonly value: string;
  /** Epoch ms (KIS: `expires_in`, 24 h). */
  readonly expiresAt: number;
}

export interface KisTokenCacheOptions {
  /** Sends one `POST /oauth2/tokenP`. */
  readonly issue: () => Promise<KisAccessToken>;
  /** Least time between two issuance requests (KIS: once a minute). @default 60000 */
  readonly intervalMs?: number;
  /** Renew this long before the token expires, when the interval allows. @default 600000 */
  readonly renewBeforeMs?: number;
  /**
   * Whether an issuance failed because KIS counted another one within the interval (`EGW00133`:
   * another process on the same app key). Such a failure is retried once, a full interval later.
   */
  readonly refusedAsTooSoon?: (error: unknown) => boolean;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The one access token an adapter uses, issued at most once per interval. Concurrent callers share
 * one issuance; a token the venue refused (expired, revoked) is dropped and the next one is asked
 * for no sooner than the interval allows — the caller waits rather than breaking KIS's rule.
 *
 * The interval is counted from when the previous issuance request *settled*: KIS counts a request
 * when it arrives, which is before we have its answer, so a request sent a full interval after the
 * last answer can never arrive within a minute of the last one KIS counted.
 */
export class KisTokenCache {
  private current: KisAccessToken | undefined;
  private pending: Promise<KisAccessToken> | undefined;
  private lastSettledAt = -Infinity;
  private readonly intervalMs: number;
  private readonly renewBeforeMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Issuance requests sent, for tests and metrics. */
  requested = 0;

  constructor(private readonly options: KisTokenCacheOptions) {
    this.intervalMs = options.intervalMs ?? KIS_TOKEN_INTERVAL_MS;
    this.renewBeforeMs = options.renewBeforeMs ?? 600_000;
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? sleep;
  }

  /** A usable token: the cached one, or a new one once the interval allows. */
  async get(): Promise<string> {
    const token = this.current;
    const now = this.now();
    if (token !== undefined && now < token.expiresAt - this.renewBeforeMs) return token.value;
    // Due for renewal but still valid, and too soon to ask again: keep using it.
    if (token !== undefined && now < token.expiresAt && now < this.lastSettledAt + this.intervalMs) return token.value;
    return (await this.renew()).value;
  }

  /** The venue refused this token (`EGW00121`, `EGW00123`): the next `get` issues a new one. */
  invalidate(value: string): void {
    if (this.current?.value === value) this.current = undefined;
  }

  private renew(): Promise<KisAccessToken> {
    this.pending ??= this.issueOnce().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async issueOnce(): Promise<KisAccessToken> {
    for (let attempt = 0; ; attempt++) {
      const wait = this.lastSettledAt + this.intervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      this.requested += 1;
      try {
        const token = await this.options.issue();
        this.current = token;
        return token;
      } catch (error) {
        // Someone else was issued a token within the minute: the interval starts again from now.
        if (attempt > 0 || this.options.refusedAsTooSoon?.(error) !== true) throw error;
      } finally {
        this.lastSettledAt = Math.max(this.lastSettledAt, this.now());
      }
    }
  }
}
