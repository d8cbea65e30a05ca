/** The gateway routes a load scenario can drive (docs/architecture/gateway.md). */
export const LOAD_ENDPOINTS = [
  'POST /api/orders',
  'GET /api/orders',
  'GET /api/positions',
  'GET /api/account',
] as const;
export type LoadEndpoint = (typeof LOAD_ENDPOINTS)[number];

/** Pass/fail limits of one scenario: k6 thresholds in users' CI, the same checks in `npm run load`. */
export interface LoadThresholdsConfig {
  /** 95th percentile of request latency must stay under this many milliseconds (1–60,000). */
  readonly p95Ms: number;
  /** 99th percentile of request latency must stay under this many milliseconds (1–60,000), at least `p95Ms`. */
  readonly p99Ms: number;
  /**
   * Share of failed requests (non-2xx/3xx status or no answer) must stay under this (0–1).
   * @example 0.01 for "errors < 1 %"
   */
  readonly maxErrorRate: number;
}

/** One load scenario: one endpoint at a constant arrival rate for a duration, with thresholds. */
export interface LoadScenarioConfig {
  /**
   * Scenario name: lower-case kebab-case; becomes `load/k6/<name>.ts` and `--scenario <name>`.
   * @example "place-orders"
   */
  readonly name: string;
  /**
   * Gateway route, one of `LOAD_ENDPOINTS`. `POST /api/orders` sends a small buy limit order 10 %
   * under the market on the config's last instrument (it rests, or risk denies it; 201 either way).
   */
  readonly endpoint: LoadEndpoint;
  /** Requests started per second, whatever the latency (k6's constant-arrival-rate; 1–10,000). */
  readonly ratePerSecond: number;
  /** How long the rate is held, in seconds (1–3,600). */
  readonly durationSeconds: number;
  readonly thresholds: LoadThresholdsConfig;
}

/** Load scenarios: rendered to `load/k6/*.ts` for k6 in CI and to `load/generated/scenarios.ts` for `npm run load`. */
export interface LoadConfig {
  /**
   * The scenarios; names must be unique.
   * @default `DEFAULT_LOAD_SCENARIOS`: place-orders and read-positions, sized for a 2-core machine
   * running the embedded platform (docs/BENCHMARKS.md, "Load scenarios")
   */
  readonly scenarios?: readonly LoadScenarioConfig[];
}
