import { inject } from 'vitest';
import { SCOPES } from '../../../services/gateway/src/auth/scopes.js';
import { signToken } from '../../../services/gateway/src/auth/token-signer.js';

/** A new order as the gateway's API takes it. */
export interface OrderRequest {
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'MARKET' | 'LIMIT';
  readonly quantity: number;
  readonly price?: number;
}

/** The gateway's API with a token signed as `npm run token` signs it (every scope). */
export class GatewayClient {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async forStack(subject = 'integration-suite'): Promise<GatewayClient> {
    const stack = inject('integrationStack');
    const token = await signToken(new TextEncoder().encode(stack.jwtSecret), {
      sub: subject,
      scope: SCOPES.join(' '),
      ttl: '2h',
    });
    return new GatewayClient(stack.gatewayUrl, token);
  }

  request(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  }

  placeOrder(order: OrderRequest): Promise<Response> {
    return this.request('POST', '/api/orders', order);
  }

  async json<T>(path: string): Promise<T> {
    const response = await this.request('GET', path);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
