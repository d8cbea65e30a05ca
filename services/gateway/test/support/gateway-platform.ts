import 'reflect-metadata';
import { startEmbeddedServices } from '@tradeforge/runtime/testing';
export { publishBar } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform, EmbeddedService } from '@tradeforge/runtime/testing';
import { WebSocket } from 'ws';
// The gateway's hops, as the embedded platform runs them: order, risk, broker (paper venue), portfolio.
import { AppModule as BrokerAppModule } from '../../../broker/src/app.module.js';
import { manifest as brokerManifest } from '../../../broker/src/generated/service-manifest.js';
import { AppModule as OrderAppModule } from '../../../order/src/app.module.js';
import { manifest as orderManifest } from '../../../order/src/generated/service-manifest.js';
import { AppModule as PortfolioAppModule } from '../../../portfolio/src/app.module.js';
import { manifest as portfolioManifest } from '../../../portfolio/src/generated/service-manifest.js';
import { AppModule as RiskAppModule } from '../../../risk/src/app.module.js';
import { manifest as riskManifest } from '../../../risk/src/generated/service-manifest.js';
import { AppModule } from '../../src/app.module.js';
import { signToken } from '../../src/auth/token-signer.js';
import { manifest } from '../../src/generated/service-manifest.js';

export const JWT_SECRET = 'test-secret-for-the-gateway-suite-0123456789';
export const ALL_SCOPES = 'orders:write orders:read trading:admin';

/** The platform behind the gateway plus `gateways` gateway instances (gateway, gateway-2…), on free ports. */
export async function startGatewayPlatform(env: NodeJS.ProcessEnv = {}, gateways = 1): Promise<EmbeddedPlatform> {
  const services: EmbeddedService[] = [
    { manifest: orderManifest, appModule: OrderAppModule },
    { manifest: riskManifest, appModule: RiskAppModule },
    { manifest: brokerManifest, appModule: BrokerAppModule },
    { manifest: portfolioManifest, appModule: PortfolioAppModule },
  ];
  for (let i = 1; i <= gateways; i++) {
    services.push({ manifest: { ...manifest, name: i === 1 ? 'gateway' : `gateway-${i}` }, appModule: AppModule });
  }
  return startEmbeddedServices(services, { ports: 'ephemeral', env: { GATEWAY_JWT_SECRET: JWT_SECRET, ...env } });
}

/** A token as `npm run token` signs it. */
export function tokenFor(sub: string, scope = ALL_SCOPES, ttl = '1h'): Promise<string> {
  return signToken(new TextEncoder().encode(JWT_SECRET), { sub, scope, ttl });
}

/** An HTTP call to a gateway with a bearer token; the body parsed as JSON. */
export async function call<T = unknown>(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A stream client that keeps every frame it receives. */
export interface StreamClient {
  readonly frames: { type: string; data: Record<string, unknown> }[];
  close(): void;
}

/** Opens /api/stream with the token; resolves once the upgrade succeeded. */
export function openStream(baseUrl: string, token: string): Promise<StreamClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/stream?token=${encodeURIComponent(token)}`);
  const frames: StreamClient['frames'] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as StreamClient['frames'][number]));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ frames, close: () => socket.close() }));
    socket.once('error', reject);
  });
}

/** The HTTP status a refused stream upgrade answered with. */
export function refusedUpgradeStatus(url: string): Promise<number> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => undefined);
  });
}
