import type { TradeStream } from './trade-stream.js';

/**
 * The part every session-based trade stream (KIS, Creon) shares: start, stop and the counters
 * tests and operators read, all from the `TradeStream` the subclass builds (its callbacks are the
 * subclass's own registration and decoding).
 */
export abstract class TradeStreamSession {
  protected abstract readonly socket: TradeStream;

  /** Exceptions thrown by `onTick` (a consumer bug must not take the stream down), counted apart. */
  get handlerErrors(): number {
    return this.socket.handlerErrors;
  }

  /** Frames that could not be read or broke the venue's contract (skipped and counted). */
  get malformed(): number {
    return this.socket.malformedFrames;
  }

  get reconnects(): number {
    return this.socket.reconnects;
  }

  start(): Promise<void> {
    return this.socket.start();
  }

  stop(): Promise<void> {
    return this.socket.close();
  }
}
