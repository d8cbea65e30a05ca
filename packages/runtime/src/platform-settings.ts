/** An instrument and its venue's order rules (from the config's `instruments`). */
export interface InstrumentSettings {
  /** `<symbol>.<venue>` */
  readonly id: string;
  readonly symbol: string;
  readonly venue: string;
  readonly quoteCurrency: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly minQuantity: number;
  readonly minNotional: number;
}

/** What the platform config says that services need at run time; generated as `PLATFORM_SETTINGS`. */
export interface PlatformSettings {
  readonly platform: string;
  /** Pre-trade limits (config `risk`, defaults applied). */
  readonly risk: {
    readonly maxOrderNotional: number;
    readonly maxPositionNotional: number;
    readonly maxOpenOrders: number;
    readonly maxOrdersPerSecond: number;
    readonly maxCancelsPerSecond: number;
    readonly dailyLossLimit: number;
    readonly priceBandPercent: number;
  };
  readonly instruments: readonly InstrumentSettings[];
  /** Strategies the strategy service runs (config `strategies`). */
  readonly strategies: readonly {
    readonly name: string;
    readonly instrument: string;
    readonly params: Readonly<Record<string, number | string | boolean>>;
  }[];
  /** Every service with its role and port: how services find each other in embedded mode. */
  readonly services: readonly { readonly name: string; readonly role: string; readonly port: number }[];
  readonly venues: readonly { readonly id: string; readonly enabled: boolean; readonly startingCash: number | null }[];
}
