import type { Instrument, Tick, VenueStreamStatus } from '@tradeforge/core';
import type { BackoffOptions } from '../shared/backoff.js';
import { TradeStream } from '../shared/trade-stream.js';
import { TradeStreamSession } from '../shared/trade-stream-session.js';
import type { StreamFrame } from '../shared/trade-stream.js';
import { VenueError } from '../shared/venue-error.js';
import type { KisApprovalKey } from './kis-approval.js';
import {
  KIS_STREAM_CODES,
  KIS_STREAM_MAX_REGISTRATIONS,
  KIS_TRADE_TR_ID,
  kisRegistration,
  parseKisFrame,
} from './kis-stream-frames.js';
import type { KisStreamAck } from './kis-stream-frames.js';

/** KIS's real-time host for real accounts; paper accounts use `KIS_PAPER_STREAM_URL`. */
export const KIS_STREAM_URL = 'ws://ops.koreainvestment.com:21000';
export const KIS_PAPER_STREAM_URL = 'ws://ops.koreainvestment.com:31000';

export interface KisTradeStreamOptions {
  readonly streamUrl: string;
  readonly approval: KisApprovalKey;
  /** @default 'P' */
  readonly custType?: 'P' | 'B';
  readonly backoff?: BackoffOptions;
  /** Longest the server may take to answer a registration. @default 10000 */
  readonly ackTimeoutMs?: number;
}

/** KIS reconnects wait at most 10 s (the shared default is 30 s). */
const KIS_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000 };

const NO_TICKS: StreamFrame = { ticks: [] };

interface PendingAck {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * KIS trades (`H0STCNT0`) for some stocks, as ticks with our instrument ids: the approval key,
 * one registration per code (answered one by one), PINGPONG echoed, and after a drop a new
 * connection with every code registered again. Stopping releases each code (`tr_type` 2) first.
 */
export class KisTradeStream extends TradeStreamSession {
  protected override readonly socket: TradeStream;
  private readonly idsByCode: ReadonlyMap<string, string>;
  private readonly pending = new Map<string, PendingAck>();
  /** The approval key the current connection registered with. */
  private key = '';
  /** PINGPONG frames answered. */
  pongs = 0;
  /** Registration refusals after the stream was open (before, they fail the attempt). */
  refusals = 0;

  constructor(
    private readonly options: KisTradeStreamOptions,
    instruments: readonly Instrument[],
    onTick: (tick: Tick) => void,
    onStatus: ((status: VenueStreamStatus) => void) | undefined,
  ) {
    super();
    if (instruments.length > KIS_STREAM_MAX_REGISTRATIONS)
      throw new VenueError(
        'kis',
        'rejected',
        `a KIS stream session holds at most ${KIS_STREAM_MAX_REGISTRATIONS} registrations; ${instruments.length} instruments asked`,
        KIS_STREAM_CODES.overLimit,
      );
    this.idsByCode = new Map(instruments.map((i) => [i.symbol, i.id]));
    this.socket = new TradeStream({
      venue: 'kis',
      // The key first: with wrong credentials no connection is opened at all.
      target: async () => {
        this.key = await options.approval.get();
        return { url: options.streamUrl };
      },
      handshake: (socket) => this.register(socket),
      decode: (text, socket) => this.decode(text, socket),
      onTick,
      farewell: (socket) => {
        for (const code of this.idsByCode.keys()) socket.send(this.registration(code, false));
      },
      onStatus,
      backoff: { ...KIS_BACKOFF, ...options.backoff },
    });
  }

  /** Registers every code with the connection's approval key and waits until KIS has answered each one. */
  private async register(socket: WebSocket): Promise<void> {
    const answers = [...this.idsByCode.keys()].map(
      (code) =>
        new Promise<void>((resolve, reject) => {
          this.pending.set(code, { resolve, reject });
        }),
    );
    const ackTimeoutMs = this.options.ackTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new VenueError('kis', 'timeout', `no answer to a registration within ${ackTimeoutMs} ms`)),
        ackTimeoutMs,
      );
    });
    for (const code of this.idsByCode.keys()) socket.send(this.registration(code, true));
    try {
      await Promise.race([Promise.all(answers), timeout]);
    } finally {
      clearTimeout(timer);
      this.pending.clear();
    }
  }

  private registration(code: string, register: boolean): string {
    return kisRegistration(this.key, code, register, this.options.custType);
  }

  private decode(text: string, socket: WebSocket): StreamFrame {
    const frame = parseKisFrame(text);
    switch (frame.kind) {
      case 'pingpong':
        // KIS closes sessions that do not answer: the frame goes back exactly as it came.
        socket.send(text);
        this.pongs += 1;
        return NO_TICKS;
      case 'ack':
        this.acknowledged(frame.ack);
        return NO_TICKS;
      case 'trades': {
        const ticks: Tick[] = [];
        for (const trade of frame.trades) {
          const instrumentId = this.idsByCode.get(trade.code);
          if (instrumentId !== undefined)
            ticks.push({ instrumentId, ts: trade.ts, price: trade.price, size: trade.volume });
        }
        return { ticks };
      }
      default:
        return NO_TICKS;
    }
  }

  private acknowledged(ack: KisStreamAck): void {
    if (ack.trId !== KIS_TRADE_TR_ID) return;
    const waiting = this.pending.get(ack.trKey);
    // Registered twice (a reconnect racing the server's cleanup) is still registered.
    if (ack.ok || ack.msgCode === KIS_STREAM_CODES.alreadySubscribed) {
      waiting?.resolve();
      return;
    }
    if (ack.msgCode === KIS_STREAM_CODES.unsubscribed || ack.msgCode === KIS_STREAM_CODES.notSubscribed) return;
    if (ack.msgCode === KIS_STREAM_CODES.invalidApproval) this.options.approval.invalidate(this.key);
    const kind = ack.msgCode === KIS_STREAM_CODES.invalidApproval ? 'auth' : 'rejected';
    const error = new VenueError('kis', kind, `${ack.trKey}: ${ack.msgCode} ${ack.message}`, ack.msgCode);
    if (waiting !== undefined) waiting.reject(error);
    else this.refusals += 1;
  }
}
