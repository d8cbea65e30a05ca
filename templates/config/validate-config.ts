import type { ConfigIssue } from './config-error.js';
import { INFRASTRUCTURE_PORTS } from './defaults.js';
import { ENVIRONMENT_KINDS, FARGATE_CPU_UNITS } from './environment-config.js';
import type { EnvironmentConfig, ServiceSizeConfig } from './environment-config.js';
import type { PlatformConfig } from './platform-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import { SERVICE_DEPENDENCIES, SERVICE_ROLES } from './service-config.js';
import type { ServiceConfig } from './service-config.js';
import { VENUE_IDS } from './venue-config.js';
import type { VenueConfig } from './venue-config.js';

// `.projenrc.ts` runs without a type-check (tsx), so every rule also checks the runtime type.

/** Kebab-case identifiers: safe as folder, npm, Docker, Kafka and AWS names alike. */
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const NAME_RULE = 'lower-case kebab-case, 2–32 characters, starting with a letter (e.g. "order-router")';

type Report = (path: string, message: string) => void;

/** Every rule the config must satisfy; returns all problems found (empty when valid). */
export function validatePlatformConfig(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const report: Report = (path, message) => issues.push({ path, message });

  if (typeof config !== 'object' || config === null) {
    report('(config)', 'must be an object passed to definePlatform({...})');
    return issues;
  }
  checkName(report, 'name', config.name);
  if (config.owner !== undefined && (typeof config.owner !== 'string' || config.owner.trim() === '')) {
    report('owner', `must be a non-empty string, got ${show(config.owner)}`);
  }
  if (config.services !== undefined) checkServices(report, config.services);
  if (config.venues !== undefined) checkVenues(report, config.venues);
  if (config.risk !== undefined) checkRisk(report, config.risk);
  if (config.environments !== undefined) checkEnvironments(report, config.environments, config.services);
  if (config.bus !== undefined) {
    if (config.bus.topicPrefix !== undefined) checkName(report, 'bus.topicPrefix', config.bus.topicPrefix);
    checkInteger(report, 'bus.partitions', config.bus.partitions, 1, 256);
  }
  return issues;
}

function checkServices(report: Report, services: readonly ServiceConfig[]): void {
  if (!Array.isArray(services)) return report('services', `must be an array of services, got ${show(services)}`);
  if (services.length === 0) return report('services', 'must list at least one service');
  const namesSeen = new Map<string, number>();
  const portsSeen = new Map<number, number>();
  services.forEach((service, i) => {
    const at = `services[${i}]`;
    checkName(report, `${at}.name`, service.name);
    const firstWithName = namesSeen.get(service.name);
    if (firstWithName !== undefined) {
      report(
        `${at}.name`,
        `"${service.name}" is already the name of services[${firstWithName}]; service names must be unique`,
      );
    } else namesSeen.set(service.name, i);

    if (checkInteger(report, `${at}.port`, service.port, 1024, 65535, true)) {
      const infrastructure = INFRASTRUCTURE_PORTS[service.port];
      const firstWithPort = portsSeen.get(service.port);
      if (infrastructure !== undefined) {
        report(
          `${at}.port`,
          `${service.port} is ${infrastructure}'s port; pick another (reserved: ${Object.keys(INFRASTRUCTURE_PORTS).join(', ')})`,
        );
      } else if (firstWithPort !== undefined) {
        report(
          `${at}.port`,
          `${service.port} is already used by services[${firstWithPort}] ("${services[firstWithPort]?.name}"); each service needs its own port`,
        );
      } else portsSeen.set(service.port, i);
    }
    if (service.role !== undefined) checkOneOf(report, `${at}.role`, service.role, SERVICE_ROLES);
    if (service.dependsOn !== undefined) {
      if (!Array.isArray(service.dependsOn))
        report(`${at}.dependsOn`, `must be an array of ${list(SERVICE_DEPENDENCIES)}`);
      else
        service.dependsOn.forEach((dep: unknown, j: number) =>
          checkOneOf(report, `${at}.dependsOn[${j}]`, dep, SERVICE_DEPENDENCIES),
        );
    }
  });
  for (const role of ['gateway'] as const) {
    const count = services.filter((s) => s.role === role).length;
    if (count > 1)
      report(
        'services',
        `only one service may have role "${role}" (found ${count}); it is the platform's single entry point`,
      );
  }
}

function checkVenues(report: Report, venues: readonly VenueConfig[]): void {
  if (!Array.isArray(venues)) return report('venues', `must be an array of venues, got ${show(venues)}`);
  const seen = new Set<string>();
  venues.forEach((venue, i) => {
    const at = `venues[${i}]`;
    if (!checkOneOf(report, `${at}.id`, venue.id, VENUE_IDS)) return;
    if (seen.has(venue.id)) report(`${at}.id`, `"${venue.id}" is listed twice; list each venue once`);
    seen.add(venue.id);
    if (venue.enabled !== undefined && typeof venue.enabled !== 'boolean') {
      report(`${at}.enabled`, `must be true or false, got ${show(venue.enabled)}`);
    }
    venue.credentialSecrets?.forEach((secret: unknown, j: number) =>
      checkName(report, `${at}.credentialSecrets[${j}]`, secret),
    );
  });
}

function checkRisk(report: Report, risk: RiskLimitsConfig): void {
  for (const [key, value] of Object.entries(risk)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      report(`risk.${key}`, `must be a positive number, got ${show(value)}`);
    }
  }
  checkInteger(report, 'risk.maxOpenOrders', risk.maxOpenOrders, 1, 100_000);
  if (risk.priceBandPercent !== undefined && risk.priceBandPercent > 100) {
    report('risk.priceBandPercent', `must be at most 100 (percent), got ${risk.priceBandPercent}`);
  }
}

function checkEnvironments(
  report: Report,
  environments: readonly EnvironmentConfig[],
  services: readonly ServiceConfig[] | undefined,
): void {
  if (!Array.isArray(environments)) return report('environments', `must be an array, got ${show(environments)}`);
  const seen = new Set<string>();
  environments.forEach((env, i) => {
    const at = `environments[${i}]`;
    if (checkName(report, `${at}.name`, env.name)) {
      if (seen.has(env.name)) report(`${at}.name`, `"${env.name}" is listed twice; environment names must be unique`);
      seen.add(env.name);
    }
    if (env.kind !== undefined) checkOneOf(report, `${at}.kind`, env.kind, ENVIRONMENT_KINDS);
    if (env.serviceSize !== undefined) checkSize(report, `${at}.serviceSize`, env.serviceSize);
    for (const [serviceName, size] of Object.entries<ServiceSizeConfig>(env.services ?? {})) {
      const known = (services ?? []).map((s) => s.name);
      if (services !== undefined && !known.includes(serviceName)) {
        report(`${at}.services.${serviceName}`, `no service is named "${serviceName}"; known services: ${list(known)}`);
      }
      checkSize(report, `${at}.services.${serviceName}`, size);
    }
  });
}

function checkSize(report: Report, at: string, size: ServiceSizeConfig): void {
  if (size.cpu !== undefined) checkOneOf(report, `${at}.cpu`, size.cpu, FARGATE_CPU_UNITS);
  checkInteger(report, `${at}.memoryMiB`, size.memoryMiB, 512, 30720);
  checkInteger(report, `${at}.replicas`, size.replicas, 1, 20);
}

function checkName(report: Report, path: string, value: unknown): boolean {
  if (typeof value === 'string' && NAME_PATTERN.test(value)) return true;
  report(path, `${show(value)} is not a valid name; use ${NAME_RULE}`);
  return false;
}

/** Checks an optional integer field (`required` makes undefined an error too). */
function checkInteger(
  report: Report,
  path: string,
  value: unknown,
  min: number,
  max: number,
  required = false,
): boolean {
  if (value === undefined && !required) return false;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return true;
  report(path, `must be a whole number from ${min} to ${max}, got ${show(value)}`);
  return false;
}

function checkOneOf<T>(report: Report, path: string, value: unknown, allowed: readonly T[]): value is T {
  if (allowed.includes(value as T)) return true;
  report(path, `${show(value)} is not allowed; use one of ${list(allowed)}`);
  return false;
}

function list(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ');
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
