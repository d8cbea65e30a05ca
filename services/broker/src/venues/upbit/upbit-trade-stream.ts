import { randomUUID } from 'node:crypto';
import type { Instrument, Tick, VenueStreamStatus } from '@tradeforge/core';
import { TradeStream } from '../shared/trade-stream.js';
import type { StreamFrame } from '../shared/trade-stream.js';
import { upbitMarket } from './upbit-mapping.js';

/** Upbit closes a connection that has been silent for 120 s: a "PING" every minute keeps it. */
const HEARTBEAT_MS = 60_000;

/** Upbit allows 5 connection requests a second per IP. */
const MIN_CONNECT_INTERVAL_MS = 200;

/** The fields of Upbit's `trade` message (DEFAULT format) the tick needs. */
interface UpbitTradeMessage {
  readonly type: 'trade';
  readonly code: string;
  readonly trade_price: number;
  readonly trade_volume: number;
  /** Trade time, ms. */
  readonly trade_timestamp: number;
}

export interface UpbitTradeStreamOptions {
  /** e.g. `wss://api.upbit.com`, or a mock venue's `ws://` URL; the path `/websocket/v1` is added. */
  readonly streamUrl: string;
  readonly instruments: readonly Instrument[];
  readonly onTick: (tick: Tick) => void;
  readonly onStatus?: (status: VenueStreamStatus) => void;
  /** @default 60000 */
  readonly heartbeatMs?: number;
}

/**
 * Upbit's quotation WebSocket (`/websocket/v1`): one request per connection,
 * `[{"ticket":..},{"type":"trade","codes":[..]},{"format":"DEFAULT"}]`, sent again on every
 * reconnect; trades come back as binary frames of JSON. Upbit drops a connection idle for 120 s,
 * so a "PING" text frame goes out every minute (answered `{"status":"UP"}`).
 */
export function upbitTradeStream(options: UpbitTradeStreamOptions): TradeStream {
  const byCode = new Map(options.instruments.map((i) => [upbitMarket(i), i.id]));
  const request = [{ ticket: randomUUID() }, { type: 'trade', codes: [...byCode.keys()] }, { format: 'DEFAULT' }];
  return new TradeStream({
    venue: 'upbit',
    url: `${options.streamUrl.replace(/\/$/, '')}/websocket/v1`,
    subscribeMessages: [JSON.stringify(request)],
    decode: (text) => decodeUpbitFrame(text, byCode),
    onTick: options.onTick,
    onStatus: options.onStatus,
    heartbeat: { everyMs: options.heartbeatMs ?? HEARTBEAT_MS, message: 'PING' },
    minConnectIntervalMs: MIN_CONNECT_INTERVAL_MS,
  });
}

/**
 * One Upbit frame: a `trade` → a tick on our instrument; `{"status":"UP"}` (the PING answer) →
 * nothing; `{"error":{"name","message"}}` → the venue's refusal. Anything else throws.
 */
export function decodeUpbitFrame(text: string, instrumentIdByCode: ReadonlyMap<string, string>): StreamFrame {
  const frame = JSON.parse(text) as Record<string, unknown>;
  if (typeof frame !== 'object' || frame === null) throw new Error('frame is not an object');
  if (frame['status'] === 'UP') return { ticks: [] };
  if ('error' in frame) {
    const error = frame['error'] as { name?: unknown; message?: unknown } | null;
    return { venueError: `upbit ${String(error?.name)}: ${String(error?.message)}` };
  }
  const trade = frame as Partial<UpbitTradeMessage>;
  if (trade.type !== 'trade') throw new Error('not a trade message');
  const instrumentId = instrumentIdByCode.get(String(trade.code));
  if (instrumentId === undefined) throw new Error(`trade on unsubscribed code ${String(trade.code)}`);
  const { trade_price: price, trade_volume: size, trade_timestamp: ts } = trade;
  if (typeof price !== 'number' || !(price > 0) || typeof size !== 'number' || !(size >= 0) || !Number.isInteger(ts))
    throw new Error('trade fields out of range');
  return { ticks: [{ instrumentId, ts: ts!, price, size }] };
}
