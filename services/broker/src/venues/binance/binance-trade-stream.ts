import type { Instrument, Tick, VenueStreamStatus } from '@tradeforge/core';
import { TradeStream } from '../shared/trade-stream.js';
import type { StreamFrame } from '../shared/trade-stream.js';

/** Binance's production market-data stream endpoint. */
export const BINANCE_STREAM_URL = 'wss://stream.binance.com:9443';

/** Binance: "A single connection can listen to a maximum of 1024 streams." */
export const BINANCE_MAX_STREAMS_PER_CONNECTION = 1024;

/** Binance closes a connection at 24 h; renewing a little earlier means no gap. */
const MAX_CONNECTION_MS = 23 * 60 * 60 * 1_000 + 50 * 60 * 1_000;

/** 300 connection attempts per 5 minutes per IP: at most one a second keeps under it. */
const MIN_CONNECT_INTERVAL_MS = 1_000;

/** The `<symbol>@trade` payload (Binance spot Trade Streams); numbers that need precision are strings. */
interface BinanceTradeEvent {
  readonly e: 'trade';
  readonly s: string;
  readonly p: string;
  readonly q: string;
  /** Trade time, ms. */
  readonly T: number;
}

export interface BinanceTradeStreamOptions {
  /** e.g. `wss://stream.binance.com:9443`, or a mock venue's `ws://` URL. */
  readonly streamUrl: string;
  readonly instruments: readonly Instrument[];
  readonly onTick: (tick: Tick) => void;
  readonly onStatus?: (status: VenueStreamStatus) => void;
}

/** `BTCUSDT` → `btcusdt@trade`: stream names are lower case. */
export function binanceTradeStreamName(symbol: string): string {
  return `${symbol.toLowerCase()}@trade`;
}

/**
 * Binance spot trades over combined streams (`/stream?streams=a@trade/b@trade`), the
 * subscription in the URL so every reconnect subscribes again by itself. More than 1024
 * instruments are spread over several connections. Binance pings every 20 s and drops a
 * connection that does not pong within a minute: Node's WebSocket pongs on its own, so the
 * client sends nothing at all (which also keeps it far below 5 incoming messages a second).
 */
export class BinanceTradeStream {
  readonly connections: readonly TradeStream[];
  private readonly states: (VenueStreamStatus | undefined)[];

  constructor(private readonly options: BinanceTradeStreamOptions) {
    const bySymbol = new Map(options.instruments.map((i) => [i.symbol.toUpperCase(), i.id]));
    const names = [...bySymbol.keys()].map(binanceTradeStreamName);
    const chunks: string[][] = [];
    for (let i = 0; i < names.length; i += BINANCE_MAX_STREAMS_PER_CONNECTION)
      chunks.push(names.slice(i, i + BINANCE_MAX_STREAMS_PER_CONNECTION));
    this.states = chunks.map(() => undefined);
    this.connections = chunks.map(
      (chunk, index) =>
        new TradeStream({
          venue: 'binance',
          url: `${options.streamUrl.replace(/\/$/, '')}/stream?streams=${chunk.join('/')}`,
          decode: (text) => decodeBinanceFrame(text, bySymbol),
          onTick: options.onTick,
          onStatus: (status) => this.statusOf(index, status),
          maxConnectionMs: MAX_CONNECTION_MS,
          minConnectIntervalMs: MIN_CONNECT_INTERVAL_MS,
        }),
    );
  }

  async start(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.start()));
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }

  /** Frames that could not be read, over all connections. */
  get malformedFrames(): number {
    return this.connections.reduce((sum, c) => sum + c.malformedFrames, 0);
  }

  /** One status for all connections: open when every one is, closed when every one is. */
  private statusOf(index: number, status: VenueStreamStatus): void {
    this.states[index] = status;
    if (status.state === 'reconnecting') return this.options.onStatus?.(status);
    if (this.states.every((s) => s?.state === status.state)) this.options.onStatus?.(status);
  }
}

/**
 * One combined-stream frame: `{"stream":"btcusdt@trade","data":{"e":"trade",...}}` → a tick on our
 * instrument; an `{"error":...}` answer → the venue's refusal; a `{"result":..,"id":..}` answer to a
 * request → nothing. Anything else throws (the stream counts it as malformed).
 */
export function decodeBinanceFrame(text: string, instrumentIdBySymbol: ReadonlyMap<string, string>): StreamFrame {
  const frame = JSON.parse(text) as Record<string, unknown>;
  if (typeof frame !== 'object' || frame === null) throw new Error('frame is not an object');
  if ('error' in frame) {
    const error = frame['error'] as { code?: unknown; msg?: unknown } | null;
    return { venueError: `binance error ${String(error?.code)}: ${String(error?.msg)}` };
  }
  if ('result' in frame && 'id' in frame) return { ticks: [] };
  const data = frame['data'] as Partial<BinanceTradeEvent> | undefined;
  if (data?.e !== 'trade') throw new Error('not a trade event');
  const instrumentId = instrumentIdBySymbol.get(String(data.s));
  const price = Number(data.p);
  const size = Number(data.q);
  if (instrumentId === undefined) throw new Error(`trade on unsubscribed symbol ${String(data.s)}`);
  if (!(price > 0) || !(size >= 0) || !Number.isInteger(data.T)) throw new Error('trade fields out of range');
  return { ticks: [{ instrumentId, ts: data.T!, price, size }] };
}
