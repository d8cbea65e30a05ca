import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import {
  CREON_BRIDGE_HEADERS,
  CREON_STREAM_PATH,
  parseBridge,
  streamClientMessageSchema,
} from './creon-bridge-contract.js';
import type { CreonStreamErrorCode, StreamServerMessage } from './creon-bridge-contract.js';
import { creonSignatureMatches } from './creon-signing.js';
import { problem } from './mock-creon-answers.js';

export interface MockCreonStreamOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly recvWindowMs: number;
  /** Creon's real-time subscription limit (`GetLimitRemainCount(2)` when none are held). */
  readonly subscriptionLimit: number;
  /** Whether Creon Plus is logged in (subscriptions need it). */
  readonly creonConnected: () => boolean;
}

/** A trade the mock publishes. */
export interface MockCreonPrint {
  readonly price: number;
  readonly quantity: number;
  readonly time: number;
}

interface Session {
  readonly socket: WebSocket;
  readonly codes: Set<string>;
}

/**
 * The bridge's trade stream on the bridge's own port: the upgrade of `GET /v1/stream` signed and
 * judged like any request (401 problem details otherwise, before any WebSocket exists), then
 * subscribe/unsubscribe messages validated with the contract (`bad_request` naming the field),
 * Creon's subscription count shared by every client (a code is subscribed at Creon once, however
 * many clients want it; past the limit the whole message is refused with `subscription_limit`),
 * trades sent to the clients subscribed to their code, and a switch that drops every connection.
 */
export class MockCreonStream {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private readonly onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer): void =>
    this.upgrade(request, socket, head);
  /** Upgrades refused (signature, key, window, path). */
  authFailures = 0;
  /** Sessions ever opened. */
  connections = 0;
  /** Messages the bridge refused (`type: error`), by code. */
  readonly errors: Partial<Record<CreonStreamErrorCode, number>> = {};
  unsubscribes = 0;

  constructor(
    private readonly server: http.Server,
    private readonly options: MockCreonStreamOptions,
  ) {
    server.on('upgrade', this.onUpgrade);
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  /** Codes subscribed at Creon: the union of every client's. */
  get subscribedCodes(): ReadonlySet<string> {
    return new Set([...this.sessions].flatMap((s) => [...s.codes]));
  }

  /** `GetLimitRemainCount(2)`. */
  get remaining(): number {
    return Math.max(0, this.options.subscriptionLimit - this.subscribedCodes.size);
  }

  publish(code: string, prints: readonly MockCreonPrint[]): void {
    for (const print of prints) {
      const message = JSON.stringify({ type: 'trade', code, ...print } satisfies StreamServerMessage);
      for (const session of this.sessions) if (session.codes.has(code)) session.socket.send(message);
    }
  }

  /** Any text to every session (tests: malformed messages). */
  broadcastRaw(text: string): void {
    for (const session of this.sessions) session.socket.send(text);
  }

  /** Fault switch: every connection cut without a close handshake (the bridge restarting). */
  dropConnections(): void {
    for (const session of this.sessions) session.socket.terminate();
  }

  async close(): Promise<void> {
    this.server.off('upgrade', this.onUpgrade);
    for (const session of this.sessions) session.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const [path, query = ''] = (request.url ?? '/').split(/\?(.*)/s);
    if (path !== CREON_STREAM_PATH) return refuse(socket, 'not_found', `no stream at ${path}`);
    const denied = this.authenticate(request, `${path}${query !== '' ? `?${query}` : ''}`, Date.now());
    if (denied !== undefined) {
      this.authFailures += 1;
      return refuse(socket, denied.code, denied.detail);
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.connected(ws));
  }

  /** The same HMAC as every request: `<ts>\nGET\n/v1/stream\n` (empty body), judged now. */
  private authenticate(
    request: http.IncomingMessage,
    pathAndQuery: string,
    now: number,
  ): { code: 'unauthorized' | 'stale_request'; detail: string } | undefined {
    const key = request.headers[CREON_BRIDGE_HEADERS.key];
    const timestamp = request.headers[CREON_BRIDGE_HEADERS.timestamp];
    const signature = request.headers[CREON_BRIDGE_HEADERS.signature];
    if (typeof key !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
      return {
        code: 'unauthorized',
        detail: 'X-Bridge-Key, X-Bridge-Timestamp and X-Bridge-Signature are required',
      };
    if (key !== this.options.apiKey) return { code: 'unauthorized', detail: `unknown key ${key}` };
    const signed = { timestamp, method: request.method ?? 'GET', pathAndQuery, body: '' };
    if (!creonSignatureMatches(signed, this.options.apiSecret, signature))
      return { code: 'unauthorized', detail: 'signature does not match the request' };
    const sent = Number(timestamp);
    if (!Number.isFinite(sent) || sent < now - this.options.recvWindowMs || sent > now + 1_000)
      return { code: 'stale_request', detail: `timestamp ${timestamp} is outside the receive window` };
    return undefined;
  }

  private connected(socket: WebSocket): void {
    const session: Session = { socket, codes: new Set() };
    this.sessions.add(session);
    this.connections += 1;
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.message(session, data.toString());
    });
  }

  private message(session: Session, text: string): void {
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return this.error(session, 'bad_request', 'the message is not JSON', '(body)');
    }
    const parsed = parseBridge(streamClientMessageSchema, body);
    if (!parsed.ok) return this.error(session, 'bad_request', parsed.reason, parsed.field);
    const { op, codes } = parsed.value;
    if (op === 'unsubscribe') {
      this.unsubscribes += 1;
      for (const code of codes) session.codes.delete(code);
      return this.send(session, { type: 'unsubscribed', codes, remaining: this.remaining });
    }
    if (!this.options.creonConnected())
      return this.error(session, 'creon_not_connected', 'Creon Plus is not connected; nothing was subscribed');
    const held = this.subscribedCodes;
    const added = new Set(codes.filter((code) => !held.has(code))).size;
    if (added > this.remaining)
      return this.error(
        session,
        'subscription_limit',
        `Creon's real-time subscriptions: ${this.remaining} left, ${added} more asked; nothing was subscribed`,
      );
    for (const code of codes) session.codes.add(code);
    this.send(session, { type: 'subscribed', codes, remaining: this.remaining });
  }

  private error(session: Session, code: CreonStreamErrorCode, message: string, field?: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
    this.send(session, { type: 'error', code, message, ...(field !== undefined ? { field } : {}) });
  }

  private send(session: Session, message: StreamServerMessage): void {
    session.socket.send(JSON.stringify(message));
  }
}

/** An upgrade refused with the same problem details as the bridge's HTTP answers. */
function refuse(socket: Duplex, code: 'unauthorized' | 'stale_request' | 'not_found', detail: string): void {
  const answer = problem(code, detail) as { status: number; body: unknown };
  const body = JSON.stringify(answer.body);
  socket.end(
    `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status]}\r\n` +
      'content-type: application/problem+json\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
