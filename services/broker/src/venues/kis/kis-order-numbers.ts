/** Where one of our orders stands with KIS, which knows it only by its own order number (ODNO). */
export type KisOrderState =
  /** Sent, no answer yet. */
  | 'in-flight'
  /** The submit went unanswered: KIS may or may not hold it. */
  | 'unknown'
  /** KIS holds it under `odno`. */
  | 'known'
  /** KIS refused it, or it never arrived: it will never have a number. */
  | 'refused';

interface Entry {
  state: KisOrderState;
  odno: string | undefined;
  /** `KRX_FWDG_ORD_ORGNO`: the branch that numbered the order; a cancel must name it. */
  orgno: string | undefined;
  /** What identifies the order at KIS without a number: instrument, side, type, quantity, price. */
  readonly signature: string;
  /** Just before the submit left (a lower bound of KIS's order time). */
  sentAt: number;
  /** When the submit's outcome became unknown. */
  unknownSince: number;
  readonly waiters: ((state: KisOrderState) => void)[];
  readonly releaseSignature: () => void;
}

/** What a buffered cancel learns: the order's number, or that it will never have one. */
export type KisNumberOutcome =
  | { readonly status: 'known'; readonly odno: string; readonly orgno: string | undefined }
  | { readonly status: 'refused' }
  | { readonly status: 'timeout' };

/**
 * KIS has no client order id, so the adapter keeps the map: our client order id ↔ KIS's order
 * number (ODNO), and for each submit whether its number is known yet.
 *
 * - A cancel for an order still in flight (or unanswered) waits here (`waitForNumber`) and is sent
 *   once the number is known; if the order is refused or never arrives, the wait ends with
 *   `refused` and nothing is sent.
 * - Submits with the same signature are sent one after another (`lockSignature`): while one of
 *   them is unanswered, KIS's order list can only be matched to it unambiguously if no identical
 *   order of ours is also unaccounted for.
 */
export class KisOrderNumbers {
  private readonly byClient = new Map<string, Entry>();
  private readonly byOdno = new Map<string, string>();
  private readonly signatureTails = new Map<string, Promise<void>>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /**
   * Registers the submit at once (so a cancel that follows it is buffered), then waits until no
   * earlier submit with this signature is unaccounted for — or `capMs` passed, so an order nobody
   * resolves cannot hold the others forever.
   */
  async begin(clientOrderId: string, signature: string, capMs: number): Promise<void> {
    const previous = this.signatureTails.get(signature) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.signatureTails.set(signature, tail);
    void tail.then(() => {
      if (this.signatureTails.get(signature) === tail) this.signatureTails.delete(signature);
    });
    const entry: Entry = {
      state: 'in-flight',
      odno: undefined,
      orgno: undefined,
      signature,
      sentAt: this.now(),
      unknownSince: Infinity,
      waiters: [],
      releaseSignature: release,
    };
    this.byClient.set(clientOrderId, entry);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, capMs);
      void previous.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    entry.sentAt = this.now();
  }

  /** Whether this adapter has sent (or adopted) the order already. */
  has(clientOrderId: string): boolean {
    return this.byClient.has(clientOrderId);
  }

  stateOf(clientOrderId: string): KisOrderState | undefined {
    return this.byClient.get(clientOrderId)?.state;
  }

  odnoOf(clientOrderId: string): string | undefined {
    return this.byClient.get(clientOrderId)?.odno;
  }

  orgnoOf(clientOrderId: string): string | undefined {
    return this.byClient.get(clientOrderId)?.orgno;
  }

  clientOf(odno: string): string | undefined {
    return this.byOdno.get(odno);
  }

  sentAt(clientOrderId: string): number | undefined {
    return this.byClient.get(clientOrderId)?.sentAt;
  }

  unknownSince(clientOrderId: string): number | undefined {
    return this.byClient.get(clientOrderId)?.unknownSince;
  }

  /** KIS numbered the order (its answer, or found by a query, or from our records after a restart). */
  known(clientOrderId: string, odno: string, orgno: string | undefined): void {
    let entry = this.byClient.get(clientOrderId);
    if (entry === undefined) {
      entry = {
        state: 'known',
        odno,
        orgno,
        signature: '',
        sentAt: 0,
        unknownSince: Infinity,
        waiters: [],
        releaseSignature: () => {},
      };
      this.byClient.set(clientOrderId, entry);
    }
    entry.odno = odno;
    entry.orgno = orgno ?? entry.orgno;
    this.byOdno.set(odno, clientOrderId);
    this.settle(entry, 'known');
  }

  unknown(clientOrderId: string): void {
    const entry = this.byClient.get(clientOrderId);
    if (entry === undefined || entry.state !== 'in-flight') return;
    entry.state = 'unknown';
    entry.unknownSince = this.now();
  }

  /** KIS refused the order, or it never arrived. */
  refused(clientOrderId: string): void {
    const entry = this.byClient.get(clientOrderId);
    if (entry !== undefined && entry.state !== 'known') this.settle(entry, 'refused');
  }

  /** For a buffered cancel: the order's number once known, or why there will be none. */
  waitForNumber(clientOrderId: string, timeoutMs: number): Promise<KisNumberOutcome> {
    const entry = this.byClient.get(clientOrderId);
    if (entry === undefined) return Promise.resolve({ status: 'timeout' });
    const outcome = (state: KisOrderState): KisNumberOutcome =>
      state === 'known' ? { status: 'known', odno: entry.odno!, orgno: entry.orgno } : { status: 'refused' };
    if (entry.state === 'known' || entry.state === 'refused') return Promise.resolve(outcome(entry.state));
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ status: 'timeout' }), timeoutMs);
      entry.waiters.push((state) => {
        clearTimeout(timer);
        resolve(outcome(state));
      });
    });
  }

  /** Orders whose submit is unanswered or still in flight (their cancels are buffered). */
  get pending(): number {
    return [...this.byClient.values()].filter((e) => e.state === 'in-flight' || e.state === 'unknown').length;
  }

  private settle(entry: Entry, state: 'known' | 'refused'): void {
    const wasPending = entry.state === 'in-flight' || entry.state === 'unknown';
    entry.state = state;
    if (!wasPending) return;
    entry.releaseSignature();
    for (const waiter of entry.waiters.splice(0)) waiter(state);
  }
}
