// The generated compose files are the one description of how each container runs (image,
// environment, health check, ports). The harness reads them instead of restating them, so the
// integration stack cannot drift from `npm run stack:up`.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { COMPOSE_FILES } from '../../../templates/compose/compose-variables.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** One service of a compose file, after interpolation: the fields the harness uses. */
export interface ComposeServiceDefinition {
  readonly image: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly healthcheck?: {
    readonly test: readonly string[];
    readonly interval?: string;
    readonly timeout?: string;
    readonly retries?: number;
    readonly start_period?: string;
  };
  /** `host:port:container` entries; the harness only reads the container side. */
  readonly ports?: readonly string[];
  /** `on-failure:5`, `unless-stopped`, … */
  readonly restart?: string;
  readonly build?: { readonly dockerfile: string; readonly args?: Readonly<Record<string, string>> };
}

/**
 * Compose's interpolation: `${VAR}`, `${VAR:-default}` and `${VAR:?message}` (which throws with
 * the message when VAR is unset or empty, as compose does). `$$` is a literal dollar.
 */
export function interpolate(text: string, variables: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g, (whole, name, operator, rest) => {
    if (whole === '$$') return '$';
    const value = variables[name as string];
    if (value !== undefined && value !== '') return value;
    if (operator === ':?') throw new Error(`compose variable ${name} is required: ${rest as string}`);
    return operator === ':-' ? (rest as string) : '';
  });
}

/** Every service of the infrastructure and platform compose files, interpolated with `variables`. */
export function readComposeServices(
  variables: Readonly<Record<string, string | undefined>>,
): Record<string, ComposeServiceDefinition> {
  const services: Record<string, ComposeServiceDefinition> = {};
  for (const file of [COMPOSE_FILES.infrastructure, COMPOSE_FILES.platform]) {
    const text = interpolate(fs.readFileSync(path.join(ROOT, file), 'utf8'), variables);
    const parsed = parse(text) as { services: Record<string, ComposeServiceDefinition> };
    Object.assign(services, parsed.services);
  }
  return services;
}

/** A compose duration (`2s`, `1m30s`, `500ms`) in milliseconds. */
export function durationMs(duration: string | undefined, fallbackMs: number): number {
  if (!duration) return fallbackMs;
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

/** The container port of a compose `ports` entry (`127.0.0.1:${X:-3000}:3000` → 3000). */
export function containerPort(entry: string): number {
  return Number(entry.split(':').at(-1));
}
