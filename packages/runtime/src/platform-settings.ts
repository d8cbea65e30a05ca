import type { Instrument, RiskLimits } from '@tradeforge/core';

/** What the platform config says that services need at run time; generated as `PLATFORM_SETTINGS`. */
export interface PlatformSettings {
  readonly platform: string;
  /** Pre-trade limits (config `risk`, defaults applied); core's defaults fill the rest. */
  readonly risk: Omit<RiskLimits, 'maxLeverage' | 'denyDuplicateOrders'>;
  /** Instruments with their venue's order rules, already validated by the config. */
  readonly instruments: readonly Instrument[];
  /** Strategies the strategy service runs (config `strategies`). */
  readonly strategies: readonly {
    readonly name: string;
    readonly instrument: string;
    readonly params: Readonly<Record<string, number | string | boolean>>;
  }[];
  /** Every service with its role and port: how services find each other in embedded mode. */
  readonly services: readonly {
    readonly name: string;
    readonly role: string;
    readonly port: number;
    /** Workspace folder, e.g. services/order. */
    readonly dir: string;
    readonly dependsOn: readonly ('bus' | 'database' | 'cache')[];
  }[];
  readonly venues: readonly {
    readonly id: string;
    readonly enabled: boolean;
    /** Secret names of the venue's API [key, secret] (environment variables locally). */
    readonly credentialSecrets: readonly string[];
    /** The venue's API endpoint; null for paper. */
    readonly baseUrl: string | null;
    /** The venue's market-data WebSocket endpoint (Binance, Upbit, KIS); null for paper and Creon. */
    readonly streamUrl: string | null;
    /** Milliseconds between the broker's reconciliation passes of a real venue; null for paper. */
    readonly reconcileEveryMs: number | null;
    readonly startingCash: number | null;
  }[];
}
