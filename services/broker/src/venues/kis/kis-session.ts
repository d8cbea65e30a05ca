import type { CircuitBreakerOptions } from '../shared/circuit-breaker.js';
import { CircuitBreaker } from '../shared/circuit-breaker.js';
import { WeightedRateLimiter } from '../shared/rate-limiter.js';
import type { RateLimitBucket, RequestCost } from '../shared/rate-limiter.js';
import { ResilientCaller } from '../shared/resilient-caller.js';
import type { ResilienceOptions } from '../shared/resilient-caller.js';
import { VenueError, asVenueError } from '../shared/venue-error.js';
import { venueHttp } from '../shared/venue-http.js';
import { KIS_COSTS, KIS_DEFAULT_LIMITS, KIS_PAPER_LIMITS, KIS_TR_IDS } from './kis-limits.js';
import type { KisEnvironment, KisTransaction } from './kis-limits.js';
import { KIS_TOKEN_REFUSED, kisError, kisSucceeded } from './kis-mapping.js';
import { KisTokenCache } from './kis-token.js';

export interface KisSessionOptions {
  /** `https://openapi.koreainvestment.com:9443`, the paper host, or a mock venue's URL. */
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  /** @default 'real' */
  readonly environment?: KisEnvironment;
  /** `P` individual, `B` corporate. @default 'P' */
  readonly custType?: 'P' | 'B';
  /** @default KIS_DEFAULT_LIMITS (real) or KIS_PAPER_LIMITS (paper) */
  readonly limits?: readonly RateLimitBucket[];
  /** Least time between two token requests. @default 60000 (KIS's rule) */
  readonly tokenIntervalMs?: number;
  readonly resilience?: ResilienceOptions;
  readonly breaker?: CircuitBreakerOptions;
}

/** A successful KIS answer: its body and the continuation header of paged inquiries. */
export interface KisAnswer {
  readonly body: Record<string, unknown>;
  /** `M`/`F`: more pages follow; `D`/`E`: last page. */
  readonly trCont: string | null;
}

export interface KisCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly transaction: KisTransaction;
  /** Query parameters (GET) or the JSON body (POST); KIS keys are upper-case, values strings. */
  readonly params: Readonly<Record<string, string>>;
  readonly cost: RequestCost;
  readonly idempotent: boolean;
  /** `N` when asking for the next page of an inquiry. */
  readonly trCont?: string;
}

/**
 * Authenticated requests to KIS: the cached access token, the headers every call needs
 * (`authorization`, `appkey`, `appsecret`, `tr_id`, `custtype`), one rate limiter and breaker
 * for the app key, and KIS's answers turned into VenueErrors.
 *
 * The token is fetched before a request takes its rate-limit permit, so requests waiting for a
 * token never hold the permits the token request itself needs. A request refused for its token
 * (`EGW00121`, `EGW00123`) is sent once more with a new one: the gateway refused it before any
 * processing, so even a submit is safe to send again.
 */
export class KisSession {
  readonly limiter: WeightedRateLimiter;
  readonly caller: ResilientCaller;
  readonly tokens: KisTokenCache;
  readonly environment: KisEnvironment;

  constructor(private readonly options: KisSessionOptions) {
    this.environment = options.environment ?? 'real';
    this.limiter = new WeightedRateLimiter(
      options.limits ?? (this.environment === 'paper' ? KIS_PAPER_LIMITS : KIS_DEFAULT_LIMITS),
    );
    this.caller = new ResilientCaller('kis', this.limiter, new CircuitBreaker(options.breaker), options.resilience);
    this.tokens = new KisTokenCache({
      issue: () => this.issueToken(),
      intervalMs: options.tokenIntervalMs,
      refusedAsTooSoon: (error) => error instanceof VenueError && error.code === 'EGW00133',
    });
  }

  /** One request, with a fresh token once if the gateway refused the cached one. */
  async request(call: KisCall): Promise<KisAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get().catch((error: unknown) => {
        // Without a token the call itself was never sent, whatever happened to the token request.
        const failure = asVenueError('kis', error);
        if (!failure.outcomeUnknown) throw failure;
        throw new VenueError(
          'kis',
          'unreachable',
          `no access token, ${call.method} ${call.path} not sent: ${failure.message}`,
        );
      });
      try {
        return await this.send(call, token);
      } catch (error) {
        const failure = asVenueError('kis', error);
        if (attempt === 0 && KIS_TOKEN_REFUSED.has(failure.code)) {
          this.tokens.invalidate(token);
          continue;
        }
        throw failure;
      }
    }
  }

  /**
   * Every page of a paged inquiry's `output1`, and the first page's body (`output2`). `enough`
   * stops early once a page shows the rest is not needed (newest-first lists read back in time).
   */
  async inquireAll<Row>(
    call: KisCall,
    enough: (page: readonly Row[]) => boolean = () => false,
    maxPages = 50,
  ): Promise<{ rows: Row[]; first: Record<string, unknown> }> {
    const rows: Row[] = [];
    let params = call.params;
    let trCont: string | undefined;
    let first: Record<string, unknown> | undefined;
    for (let page = 0; page < maxPages; page++) {
      const answer = await this.request({ ...call, params, trCont });
      first ??= answer.body;
      const page = (answer.body['output1'] as Row[] | undefined) ?? [];
      rows.push(...page);
      if ((answer.trCont !== 'M' && answer.trCont !== 'F') || enough(page)) break;
      params = {
        ...params,
        CTX_AREA_FK100: String(answer.body['ctx_area_fk100'] ?? ''),
        CTX_AREA_NK100: String(answer.body['ctx_area_nk100'] ?? ''),
      };
      trCont = 'N';
    }
    return { rows, first: first ?? {} };
  }

  private send(call: KisCall, token: string): Promise<KisAnswer> {
    const label = `${call.method} ${call.path}`;
    const query = new URLSearchParams(call.params).toString();
    const inBody = call.method === 'POST';
    return this.caller.call({ label, cost: call.cost, idempotent: call.idempotent }, async (signal) => {
      const response = await venueHttp('kis', {
        method: call.method,
        url: `${this.options.baseUrl}${call.path}${inBody ? '' : `?${query}`}`,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          authorization: `Bearer ${token}`,
          appkey: this.options.appKey,
          appsecret: this.options.appSecret,
          tr_id: KIS_TR_IDS[this.environment][call.transaction],
          custtype: this.options.custType ?? 'P',
          ...(call.trCont !== undefined ? { tr_cont: call.trCont } : {}),
        },
        body: inBody ? JSON.stringify(call.params) : undefined,
        signal,
      });
      if (response.status < 200 || response.status >= 300 || !kisSucceeded(response.body)) {
        throw kisError(label, response);
      }
      return { body: response.body as Record<string, unknown>, trCont: response.headers.get('tr_cont') };
    });
  }

  /** `POST /oauth2/tokenP`; the cache decides when it may be sent. */
  private async issueToken(): Promise<{ value: string; expiresAt: number }> {
    const label = 'POST /oauth2/tokenP';
    const body = await this.caller.call({ label, cost: KIS_COSTS.token, idempotent: false }, async (signal) => {
      const response = await venueHttp('kis', {
        method: 'POST',
        url: `${this.options.baseUrl}/oauth2/tokenP`,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          appkey: this.options.appKey,
          appsecret: this.options.appSecret,
        }),
        signal,
      });
      const answer = response.body as { access_token?: string; expires_in?: number } | undefined;
      if (response.status !== 200 || typeof answer?.access_token !== 'string') throw kisError(label, response);
      return answer as { access_token: string; expires_in?: number };
    });
    return { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 86_400) * 1_000 };
  }
}
