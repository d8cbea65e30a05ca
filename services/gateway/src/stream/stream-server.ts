import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { GATEWAY_CONFIG } from '../config/gateway-config.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { RATE_LIMITER } from '../rate-limit/rate-limiter.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { InvalidTokenError, verifyToken } from '../auth/token-verifier.js';
import type { StreamUpdate } from './stream-update.js';
import { UPDATE_FAN_OUT } from './update-fan-out.js';
import type { UpdateFanOut } from './update-fan-out.js';

export const STREAM_PATH = '/api/stream';

/** A client that reads slower than updates come is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * WebSocket `/api/stream?token=<JWT>` on the gateway's own HTTP server (ws, attached to the
 * upgrade event, so one port serves REST and the stream). Browsers cannot set headers on a
 * WebSocket, hence the token in the query; it is checked like a bearer token (401, 429, and 403
 * without `orders:read`) before the upgrade. Every client receives every update as a JSON text
 * frame `{type, data}`.
 */
@Injectable()
export class StreamServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StreamServer');
  private readonly sockets = new WebSocketServer({ noServer: true });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter,
    @Inject(UPDATE_FAN_OUT) private readonly fanOut: UpdateFanOut,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(request, socket, head).catch((error: unknown) => {
        this.logger.error(`stream upgrade failed: ${(error as Error).message}`);
        refuse(socket, 500, 'the gateway failed to open the stream');
      });
    });
    this.fanOut.onUpdate((update) => this.broadcast(update));
  }

  onModuleDestroy(): void {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
  }

  /** How many clients are connected (tests, diagnostics). */
  get clientCount(): number {
    return this.sockets.clients.size;
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname !== STREAM_PATH) return refuse(socket, 404, `no WebSocket at ${url.pathname}; use ${STREAM_PATH}`);
    const token = url.searchParams.get('token');
    if (!token) return refuse(socket, 401, 'add ?token=<JWT> to the stream URL');
    let client;
    try {
      client = await verifyToken(token, this.config.jwtSecret);
    } catch (error) {
      if (error instanceof InvalidTokenError) return refuse(socket, 401, error.message);
      throw error;
    }
    const verdict = await this.rateLimiter.take(client.sub);
    if (!verdict.allowed)
      return refuse(socket, 429, `retry after ${verdict.retryAfterSeconds} s`, verdict.retryAfterSeconds);
    if (!client.scopes.has('orders:read')) return refuse(socket, 403, 'the stream needs the scope "orders:read"');
    this.sockets.handleUpgrade(request, socket, head, (ws) => this.sockets.emit('connection', ws, request));
  }

  private broadcast(update: StreamUpdate): void {
    const frame = JSON.stringify(update);
    for (const client of this.sockets.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;
      if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
        client.close(1013, 'too slow: reconnect');
        continue;
      }
      client.send(frame);
    }
  }
}

/** Answers the upgrade request with plain HTTP problem details and closes the connection. */
function refuse(socket: Duplex, status: number, detail: string, retryAfterSeconds?: number): void {
  if (socket.destroyed) return;
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, instance: STREAM_PATH });
  socket.end(
    [
      `HTTP/1.1 ${status} ${title}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...(retryAfterSeconds ? [`Retry-After: ${retryAfterSeconds}`] : []),
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
