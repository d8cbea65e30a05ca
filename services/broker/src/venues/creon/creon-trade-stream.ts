import type { Instrument, Tick, VenueStreamStatus } from '@tradeforge/core';
import type { BackoffOptions } from '../shared/backoff.js';
import { TradeStream } from '../shared/trade-stream.js';
import { TradeStreamSession } from '../shared/trade-stream-session.js';
import type { StreamFrame } from '../shared/trade-stream.js';
import { VenueError } from '../shared/venue-error.js';
import { CREON_SUBSCRIPTION_LIMIT, STREAM_CODES_MAX, streamServerMessageSchema } from './creon-bridge-contract.js';
import type { StreamClientMessage, StreamServerMessage } from './creon-bridge-contract.js';

/** Creon reconnects wait at most 10 s (the shared default is 30 s). */
const CREON_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000 };

const NO_TICKS: StreamFrame = { ticks: [] };

export interface CreonTradeStreamOptions {
  /** `ws://bridge:8765/v1/stream` (the bridge's base URL with a WebSocket scheme). */
  readonly url: string;
  /** The signed headers of one upgrade request (`X-Bridge-Key`, `-Timestamp`, `-Signature`). */
  readonly signedHeaders: () => Record<string, string>;
  readonly backoff?: BackoffOptions;
  /** Longest the bridge may take to answer a subscription. @default 10000 */
  readonly ackTimeoutMs?: number;
}

/**
 * Creon trades for some stocks through the bridge's `/v1/stream`, as ticks with our instrument
 * ids: each connection signed afresh, the codes subscribed in messages of at most 100, every
 * message checked against the contract, and after a drop a new connection subscribing them all
 * again. Stopping unsubscribes first, so the bridge can release Creon's subscriptions at once.
 */
export class CreonTradeStream extends TradeStreamSession {
  protected override readonly socket: TradeStream;
  private readonly idsByCode: ReadonlyMap<string, string>;
  private waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  /** `GetLimitRemainCount(2)` as the bridge last reported it. */
  remaining: number | undefined;
  /** Error messages from the bridge after the stream was open. */
  refusals = 0;

  constructor(
    private readonly options: CreonTradeStreamOptions,
    instruments: readonly Instrument[],
    onTick: (tick: Tick) => void,
    onStatus: ((status: VenueStreamStatus) => void) | undefined,
  ) {
    super();
    if (instruments.length > CREON_SUBSCRIPTION_LIMIT)
      throw new VenueError(
        'creon',
        'rejected',
        `Creon allows at most ${CREON_SUBSCRIPTION_LIMIT} real-time subscriptions; ${instruments.length} instruments asked`,
        'subscription_limit',
      );
    this.idsByCode = new Map(instruments.map((i) => [i.symbol, i.id]));
    this.socket = new TradeStream({
      venue: 'creon',
      target: () => Promise.resolve({ url: options.url, headers: options.signedHeaders() }),
      handshake: (socket) => this.subscribe(socket),
      decode: (text) => this.decode(text),
      onTick,
      farewell: (socket) => {
        for (const codes of this.batches()) socket.send(message({ op: 'unsubscribe', codes }));
      },
      onStatus,
      backoff: { ...CREON_BACKOFF, ...options.backoff },
      // The WebSocket API hides a refused upgrade's status; the likely causes are worth naming.
      connectFailureHint: 'the bridge is down, or refused the key, signature or timestamp (clock) of the upgrade',
    });
  }

  /** One batch at a time, each answered `subscribed` before the next (answers carry no id). */
  private async subscribe(socket: WebSocket): Promise<void> {
    const ackTimeoutMs = this.options.ackTimeoutMs ?? 10_000;
    for (const codes of this.batches()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          this.waiting = { resolve, reject };
          timer = setTimeout(
            () => reject(new VenueError('creon', 'timeout', `no answer to a subscription within ${ackTimeoutMs} ms`)),
            ackTimeoutMs,
          );
          socket.send(message({ op: 'subscribe', codes }));
        });
      } finally {
        clearTimeout(timer);
        this.waiting = undefined;
      }
    }
  }

  private *batches(): Generator<string[]> {
    const codes = [...this.idsByCode.keys()];
    for (let i = 0; i < codes.length; i += STREAM_CODES_MAX) yield codes.slice(i, i + STREAM_CODES_MAX);
  }

  private decode(text: string): StreamFrame {
    const parsed = streamServerMessageSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`creon stream: a message breaks the contract: ${parsed.error.message}`);
    const event: StreamServerMessage = parsed.data;
    switch (event.type) {
      case 'trade': {
        const instrumentId = this.idsByCode.get(event.code);
        if (instrumentId === undefined) return NO_TICKS;
        return { ticks: [{ instrumentId, ts: event.time, price: event.price, size: event.quantity }] };
      }
      case 'subscribed':
        this.remaining = event.remaining;
        this.waiting?.resolve();
        return NO_TICKS;
      case 'unsubscribed':
        this.remaining = event.remaining;
        return NO_TICKS;
      case 'error': {
        const error = new VenueError(
          'creon',
          event.code === 'creon_not_connected' ? 'unreachable' : 'rejected',
          `stream: ${event.code}: ${event.message}${event.field !== undefined ? ` (field ${event.field})` : ''}`,
          event.code,
        );
        if (this.waiting !== undefined) this.waiting.reject(error);
        else this.refusals += 1;
        return NO_TICKS;
      }
    }
  }
}

function message(body: StreamClientMessage): string {
  return JSON.stringify(body);
}
