/**
 * Group commit: requests that arrive while a commit is in flight are written together, by one
 * statement, in the next commit. On PGlite (one connection, every statement a trip into
 * WebAssembly) the cost of a commit hardly depends on how many rows it carries, so a burst of N
 * orders costs a few statements instead of N transactions. Nobody waits for a batch to fill: an
 * idle committer starts at once (after the current tick), so a lone request is not delayed.
 *
 * Each caller is answered only after the batch holding its request committed. If the batch
 * fails, each of its requests is retried alone, so one bad request fails only itself.
 *
 * Reads batch the same way (the orders asked for while a read is in flight, in one SELECT).
 */
export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private draining = false;

  constructor(
    /** Writes a batch in one atomic statement or transaction; one result per input, in order. */
    private readonly commit: (inputs: readonly I[]) => Promise<readonly O[]>,
    private readonly options: {
      /** Most requests per batch. */
      readonly maxBatch: number;
      /**
       * Requests with equal keys never share a batch: the later one waits for the next, so it
       * sees the earlier one's committed row (a second create of one order is a duplicate).
       * Without it (reads), any requests may share a batch.
       */
      readonly keyOf?: (input: I) => string;
    },
  ) {}

  /** Resolves with the request's result once its batch committed; rejects with its own error. */
  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Requests made in this same tick join the first batch.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commitBatch(this.takeBatch());
    } finally {
      this.draining = false;
    }
  }

  private takeBatch(): Pending<I, O>[] {
    const batch: Pending<I, O>[] = [];
    const keys = new Set<string>();
    const rest: Pending<I, O>[] = [];
    for (const pending of this.queue) {
      const key = this.options.keyOf?.(pending.input);
      if (batch.length < this.options.maxBatch && (key === undefined || !keys.has(key))) {
        if (key !== undefined) keys.add(key);
        batch.push(pending);
      } else rest.push(pending);
    }
    this.queue = rest;
    return batch;
  }

  private async commitBatch(batch: readonly Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.commit(batch.map((p) => p.input));
      batch.forEach((pending, i) => pending.resolve(results[i]!));
      return;
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
    }
    // Nothing of the failed batch was written: find the culprit by committing each alone.
    for (const pending of batch) {
      try {
        const [result] = await this.commit([pending.input]);
        pending.resolve(result!);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}

interface Pending<I, O> {
  readonly input: I;
  readonly resolve: (result: O) => void;
  readonly reject: (error: unknown) => void;
}
