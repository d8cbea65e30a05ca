import type { VenueStreamStatus } from '@tradeforge/core';
import { backoffDelay } from '../shared/backoff.js';
import type { BackoffOptions } from '../shared/backoff.js';
import { VenueError } from '../shared/venue-error.js';

/*
 * A market-data WebSocket that reconnects by itself, shared by the KIS and Creon trade streams
 * (it lives with KIS because venues/shared/ belongs to another workstream; it has no KIS in it).
 */

export interface StreamSocketOptions {
  readonly venue: string;
  /** The URL and handshake headers of each attempt (a fresh signature per attempt for Creon). */
  readonly target: () => Promise<{ readonly url: string; readonly headers?: Record<string, string> }>;
  /**
   * Runs on every (re)opened socket before it counts as open: subscribes and resolves once the
   * venue acknowledged. Throwing fails the attempt (the first one: `start` throws it).
   */
  readonly handshake: (socket: WebSocket) => Promise<void>;
  /** One text frame. Exceptions are caught and counted as malformed, never thrown at the socket. */
  readonly receive: (data: string, socket: WebSocket) => void;
  /** Sends what the venue expects before we close (unsubscribes). */
  readonly farewell?: (socket: WebSocket) => void;
  readonly onStatus?: (status: VenueStreamStatus) => void;
  /** Reconnect waits. @default base 250 ms, at most 10 s */
  readonly backoff?: BackoffOptions;
  /** Longest a connection attempt (TCP, TLS, upgrade) may take. @default 10000 */
  readonly openTimeoutMs?: number;
  /** Added to the reason of a failed connection attempt (what a refused upgrade may mean). */
  readonly connectFailureHint?: string;
}

/**
 * A first attempt that failed for a reason retrying cannot fix — credentials refused, a limit
 * exceeded — is thrown by `start`; anything else (venue down, network, timeout) is retried.
 */
function permanent(error: unknown): boolean {
  return error instanceof VenueError && (error.kind === 'auth' || error.kind === 'rejected');
}

/**
 * One WebSocket at a time: opened by `start`, reopened after any drop with exponential backoff and
 * full jitter, the handshake (subscriptions) run again on each new socket. `start` throws only
 * what retrying cannot fix (credentials, limits: reported at once); a venue that cannot be
 * reached yet is a `reconnecting` status, retried in the background like any later drop. `stop`
 * says goodbye, closes and clears every timer: nothing is left holding the event loop.
 */
export class StreamSocket {
  /** Frames that could not be read (skipped). */
  malformed = 0;
  /** Successful reconnections after a drop. */
  reconnects = 0;
  private socket: WebSocket | undefined;
  private established = false;
  private stopped = false;
  private reconnecting: Promise<void> | undefined;
  private pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  constructor(private readonly options: StreamSocketOptions) {}

  /** Opens the first connection and runs its handshake; throws only a permanent failure. */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      if (permanent(error)) throw error;
      this.reconnecting = this.reconnect(reasonOf(error)).finally(() => {
        this.reconnecting = undefined;
      });
      return;
    }
    this.options.onStatus?.({ state: 'open' });
  }

  /** Says goodbye (`farewell`), closes, cancels a pending reconnect; resolves once closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.pause !== undefined) {
      clearTimeout(this.pause.timer);
      this.pause.resolve();
    }
    // A connection still in its handshake is abandoned, so a reconnect in progress ends now.
    if (this.socket !== undefined && !this.established) await closeSocket(this.socket);
    await this.reconnecting;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      if (socket.readyState === WebSocket.OPEN) {
        try {
          this.options.farewell?.(socket);
        } catch {
          // A goodbye that cannot be sent changes nothing: the close below ends the session.
        }
      }
      await closeSocket(socket);
    }
    this.options.onStatus?.({ state: 'closed' });
  }

  private async connect(): Promise<void> {
    const { url, headers } = await this.options.target();
    const socket = await openSocket(this.options.venue, url, headers, this.options.openTimeoutMs ?? 10_000).catch(
      (error: unknown) => {
        const hint = this.options.connectFailureHint;
        if (hint === undefined || !(error instanceof VenueError)) throw error;
        throw new VenueError(error.venue, error.kind, `${error.message.replace(/^\w+: /, '')}: ${hint}`, error.code);
      },
    );
    if (this.stopped) {
      await closeSocket(socket);
      return;
    }
    this.socket = socket;
    socket.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') {
        this.malformed += 1;
        return;
      }
      try {
        this.options.receive(event.data, socket);
      } catch {
        this.malformed += 1;
      }
    });
    const closed = new Promise<string>((resolve) => {
      socket.addEventListener('close', (event: CloseEvent) => {
        resolve(`closed (${event.code}${event.reason !== '' ? ` ${event.reason}` : ''})`);
        this.dropped(socket, `connection closed (${event.code})`);
      });
    });
    try {
      // A connection that dies during the handshake fails the attempt instead of hanging it.
      await Promise.race([
        this.options.handshake(socket),
        closed.then((reason) => {
          throw new VenueError(this.options.venue, 'network', `stream ${reason} during subscription`);
        }),
      ]);
    } catch (error) {
      this.socket = undefined;
      await closeSocket(socket);
      throw error;
    }
    this.established = true;
  }

  private dropped(socket: WebSocket, reason: string): void {
    if (socket !== this.socket || this.stopped || !this.established) return;
    this.established = false;
    this.socket = undefined;
    this.reconnecting = this.reconnect(reason).finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnect(reason: string): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      this.options.onStatus?.({ state: 'reconnecting', reason, attempt });
      await this.wait(backoffDelay(attempt - 1, { baseMs: 250, maxMs: 10_000, ...this.options.backoff }));
      if (this.stopped) return;
      try {
        await this.connect();
        if (this.stopped) return;
        this.reconnects += 1;
        this.options.onStatus?.({ state: 'open' });
        return;
      } catch (error) {
        reason = reasonOf(error);
      }
    }
  }

  /** A backoff wait that `stop` cuts short. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pause = undefined;
        resolve();
      }, ms);
      this.pause = { timer, resolve };
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A connected WebSocket (Node's global one). Headers go in undici's non-standard init object: the
 * browser API has no way to send them, and Creon's bridge authenticates the upgrade request.
 */
function openSocket(
  venue: string,
  url: string,
  headers: Record<string, string> | undefined,
  timeoutMs: number,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const init = headers === undefined ? undefined : ({ headers } as unknown as string[]);
    const socket = new WebSocket(url, init);
    const timer = setTimeout(() => {
      socket.close();
      reject(new VenueError(venue, 'timeout', `stream ${url}: no connection within ${timeoutMs} ms`));
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
        // The browser API hides the HTTP status of a refused upgrade: the venue's log has it.
        reject(new VenueError(venue, 'network', `stream ${url}: connection refused or failed (${event.code})`));
      },
      { once: true },
    );
  });
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
    socket.close();
  });
}
