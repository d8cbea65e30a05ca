// The pass/fail checks of `npm run load`: the k6 thresholds of load/k6/*.ts, applied to what
// autocannon measured. Pure, so the runner and its test agree on what "pass" means.
import type { LoadScenario } from './generated/scenarios.js';

/** What one scenario's run measured. */
export interface LoadMeasurement {
  readonly achievedPerSecond: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Failed requests (non-2xx answer, or none) over all requests sent, 0–1. */
  readonly errorRate: number;
}

export interface ThresholdCheck {
  /** As k6 spells it, e.g. `http_req_duration p(95)<250`. */
  readonly threshold: string;
  readonly actual: number;
  readonly passed: boolean;
}

/** The scenario's three thresholds against a measurement; k6's rule is a strict "less than". */
export function checkThresholds(scenario: LoadScenario, measured: LoadMeasurement): ThresholdCheck[] {
  const t = scenario.thresholds;
  return [
    { threshold: `http_req_duration p(95)<${t.p95Ms}`, actual: measured.p95Ms, passed: measured.p95Ms < t.p95Ms },
    { threshold: `http_req_duration p(99)<${t.p99Ms}`, actual: measured.p99Ms, passed: measured.p99Ms < t.p99Ms },
    {
      threshold: `http_req_failed rate<${t.maxErrorRate}`,
      actual: measured.errorRate,
      passed: measured.errorRate < t.maxErrorRate,
    },
  ];
}

/** The latency under which `fraction` of the samples fall (nearest rank, as k6 reports it closely enough). */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
