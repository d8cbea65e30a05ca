import type { Tick, VenueStreamStatus } from '@tradeforge/core';
import { backoffDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';

/**
 * What one frame from the venue meant: trades (possibly none: a subscription answer or a heartbeat
 * reply), or the venue refusing our request. A frame that is neither is malformed: the decoder
 * throws, and the stream counts and skips it.
 */
export type StreamFrame = { readonly ticks: readonly Tick[] } | { readonly venueError: string };

export interface TradeStreamOptions {
  /** The WebSocket URL, subscription included where the venue takes it in the URL (Binance). */
  readonly url: string;
  /** Sent once each connection opens: the venue's subscribe request(s) (Upbit). */
  readonly subscribeMessages?: readonly string[];
  /** Turns one frame (text, or a binary frame decoded as UTF-8) into ticks; throws when malformed. */
  readonly decode: (text: string) => StreamFrame;
  readonly onTick: (tick: Tick) => void;
  readonly onStatus?: (status: VenueStreamStatus) => void;
  /**
   * A text frame sent this often to keep an idle connection open (Upbit closes one after 120 s
   * of silence and answers "PING"). Undefined: none (Binance pings us; the runtime answers).
   */
  readonly heartbeat?: { readonly everyMs: number; readonly message: string };
  /** Reconnect before the venue cuts the connection at its maximum age (Binance: 24 h). */
  readonly maxConnectionMs?: number;
  /**
   * Least time between two connection attempts, whatever the backoff draws: the venue's limit on
   * connection attempts per IP (Binance 300 per 5 min, Upbit 5 per s).
   */
  readonly minConnectIntervalMs?: number;
  /** @default { baseMs: 250, maxMs: 30000 } */
  readonly backoff?: BackoffOptions;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 30_000 };

/**
 * One venue WebSocket that stays connected: Node's built-in `WebSocket` (it answers the server's
 * ping frames itself), reconnected after any drop with exponential backoff and full jitter, the
 * subscription sent again on each connection, and every change reported through `onStatus`.
 * Nothing in a frame can throw out of the socket handler: a malformed frame is counted in
 * `malformedFrames` and skipped, a throwing `onTick` is counted in `handlerErrors`.
 * `close()` ends it for good and leaves no timer or socket behind.
 */
export class TradeStream {
  /** Frames the decoder could not read. */
  malformedFrames = 0;
  /** Frames in which the venue refused our request (`venueError`), the latest in `lastVenueError`. */
  venueErrors = 0;
  lastVenueError: string | undefined;
  /** Exceptions thrown by `onTick` (a consumer bug must not take the stream down). */
  handlerErrors = 0;
  ticks = 0;
  /** Connections opened, the first included. */
  connections = 0;
  private socket: WebSocket | undefined;
  private attempt = 0;
  private lastConnectAt = 0;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  private firstSettled: (() => void) | undefined;
  /** The venue's refusal on the current connection, told with the drop it likely caused. */
  private refusal: string | undefined;

  constructor(private readonly options: TradeStreamOptions) {}

  /**
   * Connects; resolves once the first connection opened or failed (a failure is retried in the
   * background, as every later drop is). Never rejects: a stream that cannot connect yet is a
   * status, not an error for the caller.
   */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.firstSettled = resolve;
      this.connect();
    });
  }

  /** True while a connection is open and subscribed. */
  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Closes the connection and stops reconnecting; resolves once the socket has closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.settleFirst();
    if (socket !== undefined && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.addEventListener('close', () => resolve(), { once: true });
        if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(1000);
      });
    }
    this.options.onStatus?.({ state: 'closed' });
  }

  private connect(): void {
    if (this.closed) return;
    this.lastConnectAt = Date.now();
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch (error) {
      // An unusable URL never gets better, but it must not throw out of a timer either.
      this.dropped(`cannot connect to ${this.options.url}: ${(error as Error).message}`);
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.addEventListener('open', () => this.opened(socket));
    socket.addEventListener('message', (event) => this.received(event.data));
    // An error event is always followed by close: reconnecting is decided there, once.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return; // replaced (age limit) or closed by us
      this.socket = undefined;
      this.clearTimers();
      this.dropped(`connection closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`);
    });
  }

  private opened(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.connections += 1;
    this.attempt = 0;
    this.refusal = undefined;
    for (const message of this.options.subscribeMessages ?? []) socket.send(message);
    const heartbeat = this.options.heartbeat;
    if (heartbeat !== undefined) {
      this.heartbeatTimer = setInterval(() => {
        if (socket.readyState === WebSocket.OPEN) socket.send(heartbeat.message);
      }, heartbeat.everyMs);
      this.heartbeatTimer.unref();
    }
    if (this.options.maxConnectionMs !== undefined) {
      this.ageTimer = setTimeout(() => this.renew(socket), this.options.maxConnectionMs);
      this.ageTimer.unref();
    }
    this.options.onStatus?.({ state: 'open' });
    this.settleFirst();
  }

  /** The connection reached its maximum age: a new one replaces it before the venue cuts it. */
  private renew(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.clearTimers();
    socket.close(1000);
    this.options.onStatus?.({ state: 'reconnecting', reason: 'connection reached its maximum age', attempt: 1 });
    this.connect();
  }

  private received(data: unknown): void {
    let frame: StreamFrame;
    try {
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
      frame = this.options.decode(text);
    } catch {
      this.malformedFrames += 1;
      return;
    }
    if ('venueError' in frame) {
      this.venueErrors += 1;
      this.lastVenueError = frame.venueError;
      this.refusal = frame.venueError;
      return;
    }
    for (const tick of frame.ticks) {
      this.ticks += 1;
      try {
        this.options.onTick(tick);
      } catch {
        this.handlerErrors += 1;
      }
    }
  }

  private dropped(reason: string): void {
    this.settleFirst();
    if (this.closed) return;
    this.attempt += 1;
    const backoff = backoffDelay(this.attempt - 1, this.options.backoff ?? DEFAULT_BACKOFF);
    const sinceLast = Date.now() - this.lastConnectAt;
    const delay = Math.max(backoff, (this.options.minConnectIntervalMs ?? 0) - sinceLast);
    this.options.onStatus?.({
      state: 'reconnecting',
      reason: this.refusal !== undefined ? `${reason}; venue said: ${this.refusal}` : reason,
      attempt: this.attempt,
    });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private clearTimers(): void {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.ageTimer);
    this.heartbeatTimer = undefined;
    this.ageTimer = undefined;
  }

  private settleFirst(): void {
    this.firstSettled?.();
    this.firstSettled = undefined;
  }
}

/** `http(s)://host` → `ws(s)://host`: a mock venue serves its stream on its REST port. */
export function webSocketUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):\/\//, 'ws$1://');
}
