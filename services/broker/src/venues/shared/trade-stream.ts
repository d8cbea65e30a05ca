import type { Tick, VenueStreamStatus } from '@tradeforge/core';
import { backoffDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { VenueError } from './venue-error.js';

/**
 * What one frame from the venue meant: trades (possibly none: a subscription answer or a heartbeat
 * reply), or the venue refusing our request. A frame that is neither is malformed: the decoder
 * throws, and the stream counts and skips it.
 */
export type StreamFrame = { readonly ticks: readonly Tick[] } | { readonly venueError: string };

/** Where one connection attempt goes: the URL and the headers of its upgrade request. */
export interface StreamTarget {
  readonly url: string;
  readonly headers?: Record<string, string>;
}

interface TradeStreamCommonOptions {
  /** Names the venue in errors and statuses. @default 'stream' */
  readonly venue?: string;
  /** Sent once each connection opens, before `handshake`: the venue's subscribe request(s) (Upbit). */
  readonly subscribeMessages?: readonly string[];
  /**
   * Runs on every (re)opened socket before it counts as open: subscribes and resolves once the
   * venue acknowledged (KIS, Creon). Throwing fails the attempt; on the first attempt a permanent
   * failure (credentials, a limit) is thrown by `start`.
   */
  readonly handshake?: (socket: WebSocket) => Promise<void>;
  /**
   * Turns one frame (text, or a binary frame decoded as UTF-8) into ticks; throws when malformed.
   * It may answer on the socket (KIS echoes its PINGPONG) or settle a pending handshake.
   */
  readonly decode: (text: string, socket: WebSocket) => StreamFrame;
  readonly onTick: (tick: Tick) => void;
  readonly onStatus?: (status: VenueStreamStatus) => void;
  /** Sends what the venue expects before we close an open connection (KIS, Creon: unsubscribe). */
  readonly farewell?: (socket: WebSocket) => void;
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
  /** Longest a connection attempt (TCP, TLS, upgrade) may take. @default 10000 */
  readonly openTimeoutMs?: number;
  /** Added to the reason of a connection attempt that failed (what a refused upgrade may mean). */
  readonly connectFailureHint?: string;
}

/**
 * A stream's options: a fixed `url` (the subscription in it, as Binance takes it), or a `target`
 * asked before every attempt (a fresh approval key for KIS, freshly signed headers for Creon).
 */
export type TradeStreamOptions = TradeStreamCommonOptions &
  (
    | { readonly url: string; readonly target?: never }
    | { readonly target: () => StreamTarget | Promise<StreamTarget>; readonly url?: never }
  );

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 30_000 };
const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

/**
 * A first attempt that failed for a reason retrying cannot fix — credentials refused, a limit
 * exceeded — is thrown by `start`; anything else (venue down, network, timeout) is retried.
 */
function permanent(error: unknown): boolean {
  return error instanceof VenueError && (error.kind === 'auth' || error.kind === 'rejected');
}

/**
 * One venue WebSocket that stays connected, for every venue's trade stream: Node's built-in
 * `WebSocket` (it answers the server's ping frames itself), each attempt to its own `target`,
 * subscribed (`subscribeMessages`, `handshake`) again on every connection, reconnected after any
 * drop with exponential backoff and full jitter (no sooner than `minConnectIntervalMs` after the
 * last attempt), renewed before `maxConnectionMs`, and every change reported through `onStatus`.
 * `start` throws only what retrying cannot fix (credentials, limits); a venue that cannot be
 * reached yet is a `reconnecting` status, retried in the background like any later drop.
 * Nothing in a frame can throw out of the socket handler: a malformed frame is counted in
 * `malformedFrames` and skipped, a throwing `onTick` is counted in `handlerErrors`.
 * `close()` says goodbye (`farewell`), closes, and leaves no timer or socket behind.
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
  /** Connections opened (handshake done), the first included. */
  connections = 0;
  /** The socket of the current attempt or connection. */
  private socket: WebSocket | undefined;
  /** True once `socket` finished its handshake: its drop is reconnected from its close event. */
  private established = false;
  private closed = false;
  /** Failed attempts since the last connection opened. */
  private attempt = 0;
  private lastConnectAt = 0;
  /** The attempt in flight, which `close` waits for. */
  private inFlight: Promise<unknown> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  /** The venue's refusal on the current connection, told with the drop it likely caused. */
  private refusal: string | undefined;

  constructor(private readonly options: TradeStreamOptions) {}

  /** Successful reconnections after the first connection (drops and renewals). */
  get reconnects(): number {
    return Math.max(0, this.connections - 1);
  }

  /** True while a connection is open and subscribed. */
  get open(): boolean {
    return this.established && this.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Connects; resolves once the first connection opened, or failed and is retried in the
   * background. Rejects only with a permanent failure (credentials or a limit refused).
   */
  async start(): Promise<void> {
    try {
      await this.attemptNow();
    } catch (error) {
      if (this.closed) return;
      if (permanent(error)) throw error;
      this.retry(reasonOf(error));
    }
  }

  /** Says goodbye, closes the connection and stops reconnecting; resolves once the socket has closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    // An attempt in flight is let finish (bounded by the open and acknowledgement timeouts) and
    // closes its own socket: cutting a socket mid-upgrade or mid-handshake leaves undici's
    // connection and the handshake's timers running after we said we were done.
    await this.inFlight;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      if (this.established) this.sayGoodbye(socket);
      this.established = false;
      await closeSocket(socket);
    }
    this.options.onStatus?.({ state: 'closed' });
  }

  private attemptNow(): Promise<void> {
    const attempt = this.connect();
    this.inFlight = attempt.catch(() => undefined);
    return attempt;
  }

  /** One connection attempt: target, open, subscribe, handshake. Throws why it failed. */
  private async connect(): Promise<void> {
    this.lastConnectAt = Date.now();
    const { url, headers } = this.options.url !== undefined ? { url: this.options.url } : await this.options.target();
    if (this.closed) return;
    const socket = await this.openSocket(url, headers);
    if (this.closed) return this.abandon(socket);
    socket.addEventListener('message', (event: MessageEvent) => this.received(event.data, socket));
    const closed = new Promise<string>((resolve) => {
      socket.addEventListener('close', (event: CloseEvent) => {
        const how = `${event.code}${event.reason ? ` ${event.reason}` : ''}`;
        resolve(how);
        this.dropped(socket, `connection closed (${how})`);
      });
    });
    try {
      for (const message of this.options.subscribeMessages ?? []) socket.send(message);
      const handshake = this.options.handshake;
      // A connection that dies during the handshake fails the attempt instead of hanging it.
      if (handshake !== undefined)
        await Promise.race([
          handshake(socket),
          closed.then((how) => {
            throw new VenueError(this.venue, 'network', `stream closed (${how}) during subscription`);
          }),
        ]);
      // A close racing the handshake's last answer still fails the attempt: no open status for a dead socket.
      if (socket.readyState !== WebSocket.OPEN)
        throw new VenueError(this.venue, 'network', 'stream closed during subscription');
    } catch (error) {
      if (this.socket === socket) this.socket = undefined;
      await closeSocket(socket);
      throw error;
    }
    if (this.closed) return this.abandon(socket, true);
    this.opened(socket);
  }

  /** `close` came during the attempt: the new socket goes too (unsubscribed first if subscribed). */
  private async abandon(socket: WebSocket, subscribed = false): Promise<void> {
    if (this.socket === socket) this.socket = undefined;
    if (subscribed) this.sayGoodbye(socket);
    await closeSocket(socket);
  }

  /** A connected WebSocket; headers go in undici's init object (Creon's bridge signs the upgrade). */
  private openSocket(url: string, headers: Record<string, string> | undefined): Promise<WebSocket> {
    const hint = this.options.connectFailureHint === undefined ? '' : `: ${this.options.connectFailureHint}`;
    const timeoutMs = this.options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        // The browser API has no way to send headers; undici's non-standard init object does.
        socket = new WebSocket(url, headers === undefined ? undefined : ({ headers } as unknown as string[]));
      } catch (error) {
        // An unusable URL never gets better, but it must not throw out of a timer either.
        reject(new VenueError(this.venue, 'network', `cannot connect to ${url}: ${reasonOf(error)}${hint}`));
        return;
      }
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      // An error event is always followed by close: the attempt fails there, once.
      socket.addEventListener('error', () => undefined);
      const timer = setTimeout(() => {
        reject(new VenueError(this.venue, 'timeout', `stream ${url}: no connection within ${timeoutMs} ms${hint}`));
        socket.close();
      }, timeoutMs);
      socket.addEventListener(
        'open',
        () => {
          clearTimeout(timer);
          resolve(socket);
        },
        { once: true },
      );
      socket.addEventListener(
        'close',
        (event: CloseEvent) => {
          clearTimeout(timer);
          if (this.socket === socket && !this.established) this.socket = undefined;
          // The browser API hides the HTTP status of a refused upgrade: the venue's log has it.
          const failed = `stream ${url}: connection refused or failed (${event.code})${hint}`;
          reject(new VenueError(this.venue, 'network', failed));
        },
        { once: true },
      );
    });
  }

  /** The handshake is done: the connection counts as open, its timers start. */
  private opened(socket: WebSocket): void {
    this.established = true;
    this.connections += 1;
    this.attempt = 0;
    this.refusal = undefined;
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
  }

  /** The connection reached its maximum age: a new one replaces it before the venue cuts it. */
  private renew(socket: WebSocket): void {
    if (this.socket !== socket || this.closed) return;
    this.socket = undefined;
    this.established = false;
    this.clearTimers();
    this.sayGoodbye(socket);
    socket.close(1000);
    this.options.onStatus?.({ state: 'reconnecting', reason: 'connection reached its maximum age', attempt: 1 });
    this.reconnectNow();
  }

  private received(data: unknown, socket: WebSocket): void {
    let frame: StreamFrame;
    try {
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
      frame = this.options.decode(text, socket);
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

  /** An open connection closed: reconnect (a socket replaced or closed by us is ignored). */
  private dropped(socket: WebSocket, reason: string): void {
    if (socket !== this.socket || this.closed || !this.established) return;
    this.socket = undefined;
    this.established = false;
    this.clearTimers();
    this.retry(this.refusal !== undefined ? `${reason}; venue said: ${this.refusal}` : reason);
  }

  /** Reports the failure and schedules the next attempt after the backoff. */
  private retry(reason: string): void {
    if (this.closed) return;
    this.attempt += 1;
    const backoff = backoffDelay(this.attempt - 1, { ...DEFAULT_BACKOFF, ...this.options.backoff });
    const sinceLast = Date.now() - this.lastConnectAt;
    const delay = Math.max(backoff, (this.options.minConnectIntervalMs ?? 0) - sinceLast);
    this.options.onStatus?.({ state: 'reconnecting', reason, attempt: this.attempt });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.reconnectNow();
    }, delay);
    this.reconnectTimer.unref();
  }

  private reconnectNow(): void {
    this.attemptNow().catch((error: unknown) => this.retry(reasonOf(error)));
  }

  private sayGoodbye(socket: WebSocket): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    try {
      this.options.farewell?.(socket);
    } catch {
      // A goodbye that cannot be sent changes nothing: the close that follows ends the session.
    }
  }

  private clearTimers(): void {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.ageTimer);
    this.heartbeatTimer = undefined;
    this.ageTimer = undefined;
  }

  private get venue(): string {
    return this.options.venue ?? 'stream';
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Closes and waits for the close to complete (or gives up waiting after a bound). */
function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    socket.addEventListener(
      'close',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
    if (socket.readyState !== WebSocket.CLOSING) socket.close(1000);
  });
}

/** `http(s)://host` → `ws(s)://host`: a mock venue serves its stream on its REST port. */
export function webSocketUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):\/\//, 'ws$1://');
}
