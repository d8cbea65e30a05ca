import type { ConfigIssue } from './config-error.js';
import { LOAD_ENDPOINTS } from './load-config.js';

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value)));

/**
 * The `load` section's rules; every problem names its field path and the allowed values.
 * Checks runtime types too: `.projenrc.ts` runs without a type-check.
 */
export function validateLoadConfig(load: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const report = (path: string, message: string) => issues.push({ path, message });
  if (typeof load !== 'object' || load === null || Array.isArray(load)) {
    report('load', `must be an object such as { scenarios: [...] }, got ${show(load)}`);
    return issues;
  }
  for (const key of Object.keys(load))
    if (key !== 'scenarios') report(`load.${key}`, 'unknown field; the only one is "scenarios"');
  const scenarios = (load as { scenarios?: unknown }).scenarios;
  if (scenarios === undefined) return issues;
  if (!Array.isArray(scenarios)) {
    report('load.scenarios', `must be an array of scenarios, got ${show(scenarios)}`);
    return issues;
  }
  const seen = new Set<string>();
  scenarios.forEach((scenario: unknown, index) => {
    const at = `load.scenarios[${index}]`;
    if (typeof scenario !== 'object' || scenario === null)
      return report(at, `must be an object, got ${show(scenario)}`);
    const s = scenario as Record<string, unknown>;
    if (typeof s.name !== 'string' || !NAME_PATTERN.test(s.name)) {
      report(`${at}.name`, `must be lower-case kebab-case, 2–32 characters (e.g. "place-orders"), got ${show(s.name)}`);
    } else if (seen.has(s.name)) {
      report(`${at}.name`, `"${s.name}" is used by an earlier scenario; names must be unique`);
    } else seen.add(s.name);
    if (!(LOAD_ENDPOINTS as readonly unknown[]).includes(s.endpoint)) {
      report(
        `${at}.endpoint`,
        `must be one of ${LOAD_ENDPOINTS.map((e) => `"${e}"`).join(', ')}, got ${show(s.endpoint)}`,
      );
    }
    const wholeNumber = (path: string, value: unknown, min: number, max: number) => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        report(path, `must be a whole number from ${min} to ${max}, got ${show(value)}`);
        return false;
      }
      return true;
    };
    wholeNumber(`${at}.ratePerSecond`, s.ratePerSecond, 1, 10_000);
    wholeNumber(`${at}.durationSeconds`, s.durationSeconds, 1, 3_600);
    const t = s.thresholds;
    if (typeof t !== 'object' || t === null) {
      return report(`${at}.thresholds`, `must be an object { p95Ms, p99Ms, maxErrorRate }, got ${show(t)}`);
    }
    const { p95Ms, p99Ms, maxErrorRate } = t as Record<string, unknown>;
    const p95 = wholeNumber(`${at}.thresholds.p95Ms`, p95Ms, 1, 60_000);
    const p99 = wholeNumber(`${at}.thresholds.p99Ms`, p99Ms, 1, 60_000);
    if (p95 && p99 && (p99Ms as number) < (p95Ms as number)) {
      report(`${at}.thresholds.p99Ms`, `must be at least p95Ms (${String(p95Ms)}), got ${String(p99Ms)}`);
    }
    if (typeof maxErrorRate !== 'number' || !(maxErrorRate > 0 && maxErrorRate <= 1)) {
      report(
        `${at}.thresholds.maxErrorRate`,
        `must be a number above 0 and at most 1 (k6 passes "rate<x" only below x), got ${show(maxErrorRate)}`,
      );
    }
  });
  return issues;
}
