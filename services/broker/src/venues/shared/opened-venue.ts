/**
 * An enabled venue as the broker holds it: its adapter, whether it is the real venue or the
 * in-process mock, and how to close it. One shape for every venue; each venue's opener narrows
 * the adapter and mock types.
 */
export interface OpenedVenueOf<Adapter, Sandbox> {
  /** Concrete adapter types: the broker reads their `caller` (circuit state) for readiness. */
  readonly adapter: Adapter;
  /** `live`: the real venue with the configured credentials; `sandbox`: an in-process mock. */
  readonly mode: 'live' | 'sandbox';
  /** The sandbox mock, to feed it prices (market data) and inspect it. */
  readonly sandbox: Sandbox | undefined;
  close(): Promise<void>;
}
