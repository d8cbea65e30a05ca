import type http from 'node:http';
import type { WebSocket } from 'ws';
import { FixedWindowCounter } from '../shared/mock/mock-limit-counter.js';
import type { MockMatchingEngine, MockPrint } from '../shared/mock/mock-matching-engine.js';
import { MockStreamServer } from '../shared/mock/mock-stream-server.js';

export interface MockUpbitStreamOptions {
  /** A connection with no message from the client for this long is closed. @default 120000 (Upbit) */
  readonly idleMs?: number;
  /** Connection requests per second. @default 5 (Upbit, per IP) */
  readonly connectsPerSecond?: number;
  /** Client messages per second and per minute. @default 5 and 100 (Upbit, per IP) */
  readonly messagesPerSecond?: number;
  readonly messagesPerMinute?: number;
}

/** One connection: the codes its latest request asked trades for, and its idle timer. */
interface UpbitStreamClient {
  readonly socket: WebSocket;
  codes: ReadonlySet<string>;
  idle: NodeJS.Timeout | undefined;
}

/**
 * Upbit's quotation WebSocket for the mock venue, at `/websocket/v1` on the venue's port: a
 * request `[{"ticket"},{"type":"trade","codes":[..]},{"format"}]` (each one replaces the
 * connection's subscription), a `trade` message in a binary frame for every print of the matching
 * engine, "PING" answered `{"status":"UP"}`, and Upbit's rules: requests it cannot read answered
 * `{"error":{"name":"WRONG_FORMAT"|"NO_TICKET"|"NO_TYPE"|"NO_CODES"|"INVALID_PARAM","message"}}`,
 * a connection silent for 120 s closed, at most 5 connections a second (HTTP 429 on the
 * handshake) and 5 messages a second, 100 a minute (over them: `TOO_MANY_REQ`, not processed).
 */
export class MockUpbitStream {
  readonly server: MockStreamServer;
  /** "PING"s answered. */
  pings = 0;
  /** Connections closed for silence. */
  idleCloses = 0;
  private readonly clients = new Set<UpbitStreamClient>();
  private readonly markets: ReadonlySet<string>;
  private readonly connects: FixedWindowCounter;
  private readonly messagesSecond: FixedWindowCounter;
  private readonly messagesMinute: FixedWindowCounter;
  private readonly unsubscribePrints: () => void;
  private readonly previousClose = new Map<string, number>();

  constructor(
    httpServer: http.Server,
    engine: MockMatchingEngine,
    markets: readonly string[],
    private readonly options: MockUpbitStreamOptions = {},
  ) {
    this.markets = new Set(markets);
    this.connects = new FixedWindowCounter('connect', options.connectsPerSecond ?? 5, 1_000);
    this.messagesSecond = new FixedWindowCounter('message/s', options.messagesPerSecond ?? 5, 1_000);
    this.messagesMinute = new FixedWindowCounter('message/min', options.messagesPerMinute ?? 100, 60_000);
    this.server = new MockStreamServer({
      server: httpServer,
      admit: (request) => {
        if (new URL(request.url ?? '/', 'http://mock').pathname !== '/websocket/v1')
          return { status: 404, reason: 'Not Found' };
        if (!this.connects.add(1, Date.now())) return { status: 429, reason: 'Too Many Requests' };
        return 'accept';
      },
      onConnection: (socket) => this.connected(socket),
    });
    this.unsubscribePrints = engine.onPrint((print) => this.publish(print));
  }

  /** Connection requests refused for the 5-a-second limit. */
  get connectViolations(): number {
    return this.connects.violations;
  }

  async close(): Promise<void> {
    this.unsubscribePrints();
    for (const client of this.clients) clearTimeout(client.idle);
    this.clients.clear();
    await this.server.close();
  }

  private connected(socket: WebSocket): void {
    const client: UpbitStreamClient = { socket, codes: new Set(), idle: undefined };
    this.clients.add(client);
    this.armIdle(client);
    socket.on('message', (data) => this.message(client, String(data)));
    socket.on('close', () => {
      clearTimeout(client.idle);
      this.clients.delete(client);
    });
  }

  private armIdle(client: UpbitStreamClient): void {
    clearTimeout(client.idle);
    client.idle = setTimeout(() => {
      this.idleCloses += 1;
      client.socket.close(1000, 'idle');
    }, this.options.idleMs ?? 120_000);
  }

  private message(client: UpbitStreamClient, text: string): void {
    this.armIdle(client);
    const now = Date.now();
    const withinSecond = this.messagesSecond.add(1, now);
    const withinMinute = this.messagesMinute.add(1, now);
    if (!withinSecond || !withinMinute) return this.error(client, 'TOO_MANY_REQ', 'too many requests');
    if (text === 'PING') {
      this.pings += 1;
      client.socket.send(JSON.stringify({ status: 'UP' }));
      return;
    }
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      return this.error(client, 'WRONG_FORMAT', 'the request is not JSON');
    }
    if (!Array.isArray(request)) return this.error(client, 'WRONG_FORMAT', 'the request must be a JSON array');
    const fields = request as Record<string, unknown>[];
    const ticket = fields.find((f) => typeof f === 'object' && f !== null && 'ticket' in f);
    if (ticket === undefined || typeof ticket['ticket'] !== 'string' || ticket['ticket'] === '')
      return this.error(client, 'NO_TICKET', 'ticket is missing');
    const types = fields.filter((f) => typeof f === 'object' && f !== null && 'type' in f);
    if (types.length === 0) return this.error(client, 'NO_TYPE', 'type is missing');
    const format = fields.find((f) => typeof f === 'object' && f !== null && 'format' in f)?.['format'];
    if (format !== undefined && format !== 'DEFAULT' && format !== 'SIMPLE')
      return this.error(client, 'INVALID_PARAM', `format ${String(format)} is not DEFAULT or SIMPLE`);
    if (format === 'SIMPLE') return this.error(client, 'INVALID_PARAM', 'the mock serves the DEFAULT format only');
    const codes = new Set<string>();
    for (const type of types) {
      if (type['type'] !== 'trade')
        return this.error(client, 'INVALID_PARAM', `type ${String(type['type'])} is not served (trade only)`);
      const list = type['codes'];
      if (!Array.isArray(list) || list.length === 0) return this.error(client, 'NO_CODES', 'codes is missing');
      for (const code of list) {
        // Upbit codes are upper case (`KRW-BTC`); a lower-case or unknown one names no market.
        if (typeof code !== 'string' || !this.markets.has(code))
          return this.error(client, 'INVALID_PARAM', `code ${String(code)} is not a market`);
        codes.add(code);
      }
    }
    client.codes = codes;
  }

  private error(client: UpbitStreamClient, name: string, message: string): void {
    client.socket.send(JSON.stringify({ error: { name, message } }));
  }

  private publish(print: MockPrint): void {
    const date = new Date(print.ts);
    // The mock has no trading day: the previous print stands in for the previous close.
    const previous = this.previousClose.get(print.symbol) ?? print.price;
    this.previousClose.set(print.symbol, print.price);
    const change = print.price > previous ? 'RISE' : print.price < previous ? 'FALL' : 'EVEN';
    // Upbit sends the DEFAULT format as binary frames of UTF-8 JSON.
    const frame = Buffer.from(
      JSON.stringify({
        type: 'trade',
        code: print.symbol,
        timestamp: Date.now(),
        trade_date: date.toISOString().slice(0, 10),
        trade_time: date.toISOString().slice(11, 19),
        trade_timestamp: print.ts,
        trade_price: print.price,
        trade_volume: print.quantity,
        ask_bid: print.takerSide === 'BUY' ? 'BID' : 'ASK',
        prev_closing_price: previous,
        change,
        change_price: Math.abs(print.price - previous),
        sequential_id: print.sequence,
        stream_type: 'REALTIME',
      }),
    );
    for (const client of this.clients) {
      if (client.codes.has(print.symbol) && client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
    }
  }
}
