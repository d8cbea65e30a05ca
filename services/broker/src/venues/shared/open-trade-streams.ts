/** A trade stream as an adapter starts it (`TradeStream`, or a venue's wrapper around one). */
interface StartableStream {
  start(): Promise<void>;
}

/**
 * The trade streams an adapter has open. `subscribeTrades` starts each one here and hands back
 * the unsubscribe this returns; the adapter's `close()` calls `closeAll` for the rest. The
 * bookkeeping every live adapter shares, kept in one place. Iterates the open streams (their
 * counters, for tests and diagnostics).
 */
export class OpenTradeStreams<Stream extends StartableStream> implements Iterable<Stream> {
  private readonly closers = new Map<Stream, () => Promise<void>>();

  /** Starts `stream`; resolves to its unsubscribe (which closes it once). `start`'s error is rethrown. */
  async start(stream: Stream, close: () => Promise<void>): Promise<() => Promise<void>> {
    // Registered before it starts: an adapter closed meanwhile closes this stream too.
    this.closers.set(stream, close);
    try {
      await stream.start();
    } catch (error) {
      this.closers.delete(stream);
      throw error;
    }
    return async () => {
      if (this.closers.delete(stream)) await close();
    };
  }

  async closeAll(): Promise<void> {
    const closers = [...this.closers.values()];
    this.closers.clear();
    await Promise.all(closers.map((close) => close()));
  }

  [Symbol.iterator](): Iterator<Stream> {
    return this.closers.keys();
  }
}
