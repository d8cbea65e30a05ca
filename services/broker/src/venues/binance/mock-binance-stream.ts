import type http from 'node:http';
import type { WebSocket } from 'ws';
import type { MockMatchingEngine, MockPrint } from '../shared/mock/mock-matching-engine.js';
import { MockStreamServer } from '../shared/mock/mock-stream-server.js';
import { BINANCE_MAX_STREAMS_PER_CONNECTION } from './binance-trade-stream.js';

export interface MockBinanceStreamOptions {
  /** Ping frame interval. @default 20000 (Binance) */
  readonly pingEveryMs?: number;
  /** A connection whose last ping has had no pong for this long is cut. @default 60000 (Binance: a minute) */
  readonly pongTimeoutMs?: number;
  /** A connection is closed at this age. @default 86400000 (Binance: 24 h) */
  readonly maxConnectionMs?: number;
  /** Client messages per second per connection before the connection is cut. @default 5 (Binance) */
  readonly maxMessagesPerSecond?: number;
}

/** One connection's state: its streams, pong bookkeeping and incoming-message window. */
interface StreamClient {
  readonly socket: WebSocket;
  readonly streams: Set<string>;
  /** `/ws/<name>`: events come without the combined-stream wrapper. */
  readonly raw: boolean;
  awaitingPongSince: number | undefined;
  windowStart: number;
  messagesInWindow: number;
  readonly timers: NodeJS.Timeout[];
}

/**
 * Binance spot's market-data WebSocket for the mock venue, on the venue's own port: combined
 * streams at `/stream?streams=a@trade/b@trade` and raw ones at `/ws/<name>`, a `<symbol>@trade`
 * event for every print of the matching engine (feed prices and executions), and Binance's
 * rules: a ping every 20 s and a cut after a minute without pong, a cut at 24 h, at most 1024
 * streams per connection, more than 5 client messages a second cuts the connection, and live
 * `SUBSCRIBE` / `UNSUBSCRIBE` / `LIST_SUBSCRIPTIONS` requests answered `{"result":..,"id":..}` or
 * `{"error":{"code":..,"msg":..},"id":..}` as documented. A bad stream name in the URL is
 * answered with the same error frame, then the connection is closed (1008).
 */
export class MockBinanceStream {
  readonly server: MockStreamServer;
  /** Pongs received (the client answers our pings). */
  pongs = 0;
  /** Connections cut for a missing pong, too many messages, or age. */
  readonly cuts = { noPong: 0, tooManyMessages: 0, age: 0 };
  private readonly clients = new Set<StreamClient>();
  private readonly symbols: ReadonlySet<string>;
  private readonly unsubscribePrints: () => void;

  constructor(
    httpServer: http.Server,
    engine: MockMatchingEngine,
    symbols: readonly string[],
    private readonly options: MockBinanceStreamOptions = {},
  ) {
    this.symbols = new Set(symbols.map((s) => s.toLowerCase()));
    this.server = new MockStreamServer({
      server: httpServer,
      admit: (request) =>
        /^\/(stream|ws\/[^/?]+)(\?|$)/.test(request.url ?? '') ? 'accept' : { status: 404, reason: 'Not Found' },
      onConnection: (socket, request) => this.connected(socket, request),
    });
    this.unsubscribePrints = engine.onPrint((print) => this.publish(print));
  }

  async close(): Promise<void> {
    this.unsubscribePrints();
    for (const client of this.clients) for (const timer of client.timers) clearTimeout(timer);
    this.clients.clear();
    await this.server.close();
  }

  private connected(socket: WebSocket, request: http.IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'http://mock');
    const raw = url.pathname.startsWith('/ws/');
    const requested = raw
      ? [decodeURIComponent(url.pathname.slice(4))]
      : (url.searchParams.get('streams') ?? '').split('/').filter((s) => s !== '');
    const client: StreamClient = {
      socket,
      streams: new Set(),
      raw,
      awaitingPongSince: undefined,
      windowStart: Date.now(),
      messagesInWindow: 0,
      timers: [],
    };
    const refusal = this.refusal(requested);
    if (refusal !== undefined) {
      socket.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: ${refusal}` } }));
      socket.close(1008, 'Invalid request');
      return;
    }
    for (const name of requested) client.streams.add(name);
    this.clients.add(client);
    this.startTimers(client);
    socket.on('pong', () => {
      this.pongs += 1;
      client.awaitingPongSince = undefined;
    });
    socket.on('message', (data) => this.message(client, String(data)));
    socket.on('close', () => {
      for (const timer of client.timers) clearTimeout(timer);
      this.clients.delete(client);
    });
  }

  private startTimers(client: StreamClient): void {
    const pingEveryMs = this.options.pingEveryMs ?? 20_000;
    const pongTimeoutMs = this.options.pongTimeoutMs ?? 60_000;
    const ping = setInterval(() => {
      const now = Date.now();
      if (client.awaitingPongSince !== undefined && now - client.awaitingPongSince > pongTimeoutMs) {
        this.cuts.noPong += 1;
        client.socket.terminate();
        return;
      }
      client.awaitingPongSince ??= now;
      client.socket.ping(String(now));
    }, pingEveryMs);
    const age = setTimeout(() => {
      this.cuts.age += 1;
      client.socket.close(1000, 'connection reached 24 h');
    }, this.options.maxConnectionMs ?? 86_400_000);
    client.timers.push(ping, age);
  }

  /** Why these stream names are refused, or undefined when they are all served. */
  private refusal(names: readonly string[]): string | undefined {
    if (names.length > BINANCE_MAX_STREAMS_PER_CONNECTION)
      return `too many streams (${names.length}), at most ${BINANCE_MAX_STREAMS_PER_CONNECTION} per connection`;
    const bad = names.find((name) => !this.serves(name));
    return bad === undefined ? undefined : `invalid stream name '${bad}'`;
  }

  /** `<listed symbol, lower case>@trade` (the one stream kind the mock publishes). */
  private serves(name: string): boolean {
    const match = /^([a-z0-9]+)@trade$/.exec(name);
    return match !== null && this.symbols.has(match[1]!);
  }

  private message(client: StreamClient, text: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return; // already cut
    const now = Date.now();
    if (now - client.windowStart >= 1_000) {
      client.windowStart = now;
      client.messagesInWindow = 0;
    }
    client.messagesInWindow += 1;
    if (client.messagesInWindow > (this.options.maxMessagesPerSecond ?? 5)) {
      // Binance: "A connection that goes beyond the limit will be disconnected".
      this.cuts.tooManyMessages += 1;
      client.socket.close(1008, 'too many messages');
      return;
    }
    let request: { method?: unknown; params?: unknown; id?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      client.socket.send(
        JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' } }),
      );
      return;
    }
    const id = request.id ?? null;
    const answer = (body: object) => client.socket.send(JSON.stringify({ ...body, id }));
    const error = (code: number, msg: string) => answer({ error: { code, msg } });
    if (typeof request.method !== 'string') return error(2, 'Invalid request: missing field `method`');
    if (request.method === 'LIST_SUBSCRIPTIONS') return answer({ result: [...client.streams] });
    if (request.method !== 'SUBSCRIBE' && request.method !== 'UNSUBSCRIBE') {
      return error(
        2,
        `Invalid request: unknown variant \`${request.method}\`, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\``,
      );
    }
    if (!Array.isArray(request.params) || !request.params.every((p) => typeof p === 'string'))
      return error(2, 'Invalid request: params must be an array of stream names');
    const names = request.params as string[];
    if (request.method === 'UNSUBSCRIBE') {
      for (const name of names) client.streams.delete(name);
      return answer({ result: null });
    }
    const refusal = this.refusal([...new Set([...client.streams, ...names])]);
    if (refusal !== undefined) return error(2, `Invalid request: ${refusal}`);
    for (const name of names) client.streams.add(name);
    return answer({ result: null });
  }

  private publish(print: MockPrint): void {
    const stream = `${print.symbol.toLowerCase()}@trade`;
    const data = {
      e: 'trade',
      E: Date.now(),
      s: print.symbol,
      t: print.sequence,
      p: String(print.price),
      q: String(print.quantity),
      T: print.ts,
      // Binance's `m`: the buyer was the maker, i.e. a seller took liquidity.
      m: print.takerSide === 'SELL',
      M: true,
    };
    const combined = JSON.stringify({ stream, data });
    const raw = JSON.stringify(data);
    for (const client of this.clients) {
      if (!client.streams.has(stream) || client.socket.readyState !== client.socket.OPEN) continue;
      // A raw stream (`/ws/<name>`) carries the payload alone; combined ones wrap it.
      client.socket.send(client.raw ? raw : combined);
    }
  }
}
