import { VenueError } from '../shared/venue-error.js';
import { venueHttp } from '../shared/venue-http.js';
import { kisError } from './kis-mapping.js';

export interface KisApprovalOptions {
  /** The REST host (`https://openapi.koreainvestment.com:9443`, paper, or a mock's URL). */
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  /** @default 10000 */
  readonly timeoutMs?: number;
}

/**
 * The WebSocket approval key (`POST /oauth2/Approval`), which real-time subscriptions carry in
 * their header instead of the access token. KIS names the secret `secretkey` in this one body
 * (`appsecret` everywhere else). One key serves every connection of the app key, so it is cached
 * and shared by concurrent callers; a key the stream server refuses (`OPSP0011`) is dropped and
 * the next connection asks for a new one.
 */
export class KisApprovalKey {
  private current: string | undefined;
  private pending: Promise<string> | undefined;
  /** Approval requests sent, for tests and metrics. */
  requested = 0;

  constructor(private readonly options: KisApprovalOptions) {}

  /** The cached key, or a new one. */
  get(): Promise<string> {
    if (this.current !== undefined) return Promise.resolve(this.current);
    this.pending ??= this.issue().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** The stream server refused this key: the next `get` asks for another. */
  invalidate(key: string): void {
    if (this.current === key) this.current = undefined;
  }

  private async issue(): Promise<string> {
    const label = 'POST /oauth2/Approval';
    this.requested += 1;
    const response = await venueHttp('kis', {
      method: 'POST',
      url: `${this.options.baseUrl}/oauth2/Approval`,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        appkey: this.options.appKey,
        secretkey: this.options.appSecret,
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const answer = response.body as { approval_key?: unknown } | undefined;
    if (response.status !== 200) throw kisError(label, response);
    if (typeof answer?.approval_key !== 'string' || answer.approval_key === '')
      throw new VenueError('kis', 'server', `${label}: the answer has no approval_key`);
    this.current = answer.approval_key;
    return this.current;
  }
}
