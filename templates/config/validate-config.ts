import { BUS_TOPICS, BUS_TOPIC_IDS } from './bus-topics.js';
import type { BusTopicConfig, BusTopicId } from './bus-topics.js';
import type { ConfigIssue } from './config-error.js';
import { DEFAULT_INSTRUMENTS, INFRASTRUCTURE_PORTS } from './defaults.js';
import {
  BUS_CLUSTER_KINDS,
  ENVIRONMENT_KINDS,
  FARGATE_CPU_UNITS,
  LOG_RETENTION_DAYS,
  NAT_GATEWAY_MODES,
} from './environment-config.js';
import type { AwsInfraConfig, EnvironmentConfig, EnvironmentKind, ServiceSizeConfig } from './environment-config.js';
import { IMAGE_IDS, IMAGE_SOURCES, OBSERVABILITY_IMAGE_IDS } from './images-config.js';
import type { ImagesConfig } from './images-config.js';
import type { InstrumentConfig } from './instrument-config.js';
import { validateLoadConfig } from './validate-load-config.js';
import type { BusConfig, PlatformConfig } from './platform-config.js';
import type { RiskLimitsConfig } from './risk-config.js';
import { SERVICE_DEPENDENCIES, SERVICE_ROLES } from './service-config.js';
import { STRATEGY_NAMES } from './strategy-config.js';
import type { StrategyConfig } from './strategy-config.js';
import type { ServiceConfig } from './service-config.js';
import { DEFAULT_RECONCILE_EVERY_MS, RECONCILE_EVERY_MS_RANGE, VENUE_IDS } from './venue-config.js';
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
  if (config.instruments !== undefined) checkInstruments(report, config.instruments, config.venues);
  if (config.strategies !== undefined) checkStrategies(report, config.strategies, config.instruments);
  if (config.risk !== undefined) checkRisk(report, config.risk);
  if (config.environments !== undefined) checkEnvironments(report, config.environments, config.services);
  if (config.bus !== undefined) checkBus(report, config.bus);
  if (config.images !== undefined) checkImages(report, config.images);
  if (config.load !== undefined) issues.push(...validateLoadConfig(config.load));
  return issues;
}

/**
 * An image reference with a pinned tag or digest: `[registry[:port]/]repository[:tag][@digest]`,
 * lower-case repository path (Docker's own rules).
 */
const IMAGE_REFERENCE_PATTERN =
  /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::\d{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::(?<tag>\w[\w.-]{0,127}))?(?<digest>@sha256:[a-f0-9]{64})?$/;

/** Every image the config can name: the platform's and the observability profile's. */
const NAMED_IMAGES: readonly string[] = [...IMAGE_IDS, ...OBSERVABILITY_IMAGE_IDS];

function checkImages(report: Report, images: ImagesConfig): void {
  if (typeof images !== 'object' || images === null || Array.isArray(images)) {
    return report('images', `must be an object such as { source: "local" }, got ${show(images)}`);
  }
  for (const [key, value] of Object.entries(images as Record<string, unknown>)) {
    const at = `images.${key}`;
    if (key === 'source') {
      checkOneOf(report, at, value, IMAGE_SOURCES);
      continue;
    }
    if (!NAMED_IMAGES.includes(key)) {
      report(at, `no image is called "${key}"; set "source" or one of ${list(NAMED_IMAGES)}`);
      continue;
    }
    const match = typeof value === 'string' ? IMAGE_REFERENCE_PATTERN.exec(value) : null;
    if (match === null) {
      report(at, `${show(value)} is not an image reference; use "[registry/]repository:tag", e.g. "postgres:17"`);
    } else if (match.groups?.digest === undefined && (match.groups?.tag ?? 'latest') === 'latest') {
      report(
        at,
        `"${String(value)}" follows "latest"; pin a version tag (e.g. "${String(value).replace(/:latest$/, '')}:<version>") so every machine runs the same image`,
      );
    }
  }
}

const DEAD_LETTER_SUFFIX_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

function checkBus(report: Report, bus: BusConfig): void {
  if (typeof bus !== 'object' || bus === null) return report('bus', `must be an object, got ${show(bus)}`);
  if (bus.topicPrefix !== undefined) checkName(report, 'bus.topicPrefix', bus.topicPrefix);
  checkInteger(report, 'bus.partitions', bus.partitions, 1, 256);
  if (bus.topics !== undefined) {
    if (typeof bus.topics !== 'object' || bus.topics === null || Array.isArray(bus.topics)) {
      report('bus.topics', `must be an object keyed by topic id (${list(BUS_TOPIC_IDS)}), got ${show(bus.topics)}`);
    } else {
      for (const [id, topic] of Object.entries<BusTopicConfig | undefined>(bus.topics)) {
        const at = `bus.topics.${id}`;
        if (!Object.hasOwn(BUS_TOPICS, id)) {
          report(at, `no topic has id "${id}"; topics are ${list(BUS_TOPIC_IDS)}`);
          continue;
        }
        if (typeof topic !== 'object' || topic === null) {
          report(at, `must be an object such as { partitions: 6 }, got ${show(topic)}`);
          continue;
        }
        if (!checkInteger(report, `${at}.partitions`, topic.partitions, 1, 256)) continue;
        if (BUS_TOPICS[id as BusTopicId].key === null && topic.partitions !== 1) {
          report(
            `${at}.partitions`,
            `must be 1: "${id}" has no key, so it is one stream whose order every service relies on (got ${topic.partitions})`,
          );
        }
      }
    }
  }
  if (
    bus.deadLetterSuffix !== undefined &&
    (typeof bus.deadLetterSuffix !== 'string' || !DEAD_LETTER_SUFFIX_PATTERN.test(bus.deadLetterSuffix))
  ) {
    report(
      'bus.deadLetterSuffix',
      `${show(bus.deadLetterSuffix)} is not allowed; use 1–16 lower-case letters, digits or dashes, starting with a letter (e.g. "dlq")`,
    );
  }
  checkInteger(report, 'bus.maxDeliveryAttempts', bus.maxDeliveryAttempts, 1, 10);
  checkInteger(report, 'bus.deduplicationWindow', bus.deduplicationWindow, 1_000, 10_000_000);
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
    if (venue.baseUrl !== undefined) checkBaseUrl(report, `${at}.baseUrl`, venue.id, venue.baseUrl);
    if (venue.streamUrl !== undefined) checkStreamUrl(report, `${at}.streamUrl`, venue.id, venue.streamUrl);
    if (venue.reconcileEveryMs !== undefined) {
      checkReconcileEvery(report, `${at}.reconcileEveryMs`, venue.id, venue.reconcileEveryMs);
    }
    if (venue.startingCash !== undefined) {
      if (venue.id !== 'paper') {
        report(`${at}.startingCash`, `only the paper venue has a starting cash; remove it from "${venue.id}"`);
      } else if (typeof venue.startingCash !== 'number' || !(venue.startingCash > 0)) {
        report(`${at}.startingCash`, `must be a positive number, got ${show(venue.startingCash)}`);
      }
    }
  });
}

/** An absolute http(s) URL with no path, query or trailing slash: adapters append their paths. */
function checkBaseUrl(report: Report, path: string, venueId: string, value: unknown): void {
  if (venueId === 'paper') return report(path, 'the paper venue has no API endpoint; remove baseUrl');
  checkHostUrl(report, path, value, 'http', 'e.g. "https://testnet.binance.vision"');
}

/** An absolute ws(s) URL with no path, query or trailing slash: stream clients append their paths. */
function checkStreamUrl(report: Report, path: string, venueId: string, value: unknown): void {
  if (venueId === 'paper') return report(path, 'the paper venue has no stream; remove streamUrl');
  if (venueId === 'creon') return report(path, "Creon's stream is served on its bridge's baseUrl; remove streamUrl");
  checkHostUrl(report, path, value, 'ws', 'e.g. "wss://stream.testnet.binance.vision"');
}

/** Whole milliseconds within RECONCILE_EVERY_MS_RANGE, on a venue the broker reconciles. */
function checkReconcileEvery(report: Report, path: string, venueId: string, value: unknown): void {
  if (venueId === 'paper') return report(path, 'the paper venue is not reconciled; remove reconcileEveryMs');
  const { min, max } = RECONCILE_EVERY_MS_RANGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    report(
      path,
      `must be whole milliseconds from ${min} to ${max} (default ${DEFAULT_RECONCILE_EVERY_MS}), got ${show(value)}`,
    );
  }
}

/** `scheme` or its secure form (`http`/`https`, `ws`/`wss`), host and port only. */
function checkHostUrl(report: Report, path: string, value: unknown, scheme: 'http' | 'ws', example: string): void {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== `${scheme}s:` && url.protocol !== `${scheme}:`)) {
    return report(path, `must be an absolute ${scheme}(s) URL (${example}), got ${show(value)}`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || (value as string).endsWith('/')) {
    report(path, `must be the host only, without path or trailing slash (${example}), got ${show(value)}`);
  }
}

function checkInstruments(
  report: Report,
  instruments: readonly InstrumentConfig[],
  venues: readonly VenueConfig[] | undefined,
): void {
  if (!Array.isArray(instruments)) return report('instruments', `must be an array, got ${show(instruments)}`);
  const configuredVenues = (venues ?? [{ id: 'paper' }]).map((v) => v.id);
  const seen = new Set<string>();
  instruments.forEach((instrument, i) => {
    const at = `instruments[${i}]`;
    if (typeof instrument.symbol !== 'string' || !/^[A-Z0-9]{2,20}$/.test(instrument.symbol)) {
      report(
        `${at}.symbol`,
        `${show(instrument.symbol)} is not a symbol; use 2–20 upper-case letters and digits (e.g. "BTCUSDT")`,
      );
    }
    const venue = instrument.venue ?? 'paper';
    if (!configuredVenues.includes(venue)) {
      report(`${at}.venue`, `${show(venue)} is not a configured venue; configured: ${list(configuredVenues)}`);
    }
    const id = `${instrument.symbol}.${venue}`;
    if (seen.has(id)) report(`${at}.symbol`, `${id} is listed twice; list each instrument once`);
    seen.add(id);
    for (const field of ['tickSize', 'lotSize', 'minQuantity', 'minNotional'] as const) {
      const value = instrument[field];
      const optional = field === 'minQuantity' || field === 'minNotional';
      if (optional && value === undefined) continue;
      const allowZero = field === 'minNotional';
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
        report(`${at}.${field}`, `must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${show(value)}`);
      }
    }
  });
}

function checkStrategies(
  report: Report,
  strategies: readonly StrategyConfig[],
  instruments: readonly InstrumentConfig[] | undefined,
): void {
  if (!Array.isArray(strategies)) return report('strategies', `must be an array, got ${show(strategies)}`);
  const known = (instruments ?? DEFAULT_INSTRUMENTS).map((i) => `${i.symbol}.${i.venue ?? 'paper'}`);
  strategies.forEach((strategy, i) => {
    const at = `strategies[${i}]`;
    checkOneOf(report, `${at}.name`, strategy.name, STRATEGY_NAMES);
    if (!known.includes(strategy.instrument)) {
      report(
        `${at}.instrument`,
        `${show(strategy.instrument)} is not a configured instrument; configured: ${list(known)}`,
      );
    }
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
    if (env.aws !== undefined) checkAwsInfra(report, `${at}.aws`, env.aws, env.kind ?? 'development');
    if (env.serviceSize !== undefined) checkSize(report, `${at}.serviceSize`, env.serviceSize);
    for (const [serviceName, size] of Object.entries<ServiceSizeConfig>(env.services ?? {})) {
      const known = (services ?? []).map((s) => s.name);
      if (services !== undefined && !known.includes(serviceName)) {
        report(`${at}.services.${serviceName}`, `no service is named "${serviceName}"; known services: ${list(known)}`);
      }
      checkSize(report, `${at}.services.${serviceName}`, size);
    }
  });
  const ephemeral = environments.flatMap((env, i) => (env.kind === 'ephemeral' ? [i] : []));
  if (ephemeral.length > 1) {
    report(
      `environments[${ephemeral[1]}].kind`,
      `only one environment may be "ephemeral" (found ${ephemeral.length}); it is the template of every pull-request stack`,
    );
  }
  const template = ephemeral[0] === undefined ? undefined : environments[ephemeral[0]];
  if (template !== undefined && typeof template.name === 'string' && template.name.length > EPHEMERAL_PREFIX_MAX) {
    report(
      `environments[${ephemeral[0]}].name`,
      `an ephemeral environment's name is the prefix of "<name>-<number>" stacks, so it may have at most ${EPHEMERAL_PREFIX_MAX} characters`,
    );
  }
}

/** Room left in a 32-character name for "-<number>" (up to 6 digits) after an ephemeral prefix. */
const EPHEMERAL_PREFIX_MAX = 25;
const AWS_REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const CERTIFICATE_ARN_PATTERN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function checkAwsInfra(report: Report, at: string, aws: AwsInfraConfig, kind: EnvironmentKind): void {
  if (typeof aws !== 'object' || aws === null) return report(at, `must be an object, got ${show(aws)}`);
  if (aws.region !== undefined && (typeof aws.region !== 'string' || !AWS_REGION_PATTERN.test(aws.region))) {
    report(
      `${at}.region`,
      `${show(aws.region)} is not an AWS region; use a region code such as "eu-west-1" or "us-east-2"`,
    );
  }
  checkInteger(report, `${at}.availabilityZones`, aws.availabilityZones, 2, 3);
  if (aws.vpcCidr !== undefined) checkCidr(report, `${at}.vpcCidr`, aws.vpcCidr);
  if (aws.natGateways !== undefined) checkOneOf(report, `${at}.natGateways`, aws.natGateways, NAT_GATEWAY_MODES);
  if (
    aws.certificateArn !== undefined &&
    (typeof aws.certificateArn !== 'string' || !CERTIFICATE_ARN_PATTERN.test(aws.certificateArn))
  ) {
    report(
      `${at}.certificateArn`,
      `${show(aws.certificateArn)} is not an ACM certificate ARN; use "arn:aws:acm:<region>:<account>:certificate/<id>", or leave it out and pass TF_VAR_certificate_arn at deploy time`,
    );
  }
  if (aws.logRetentionDays !== undefined) {
    checkOneOf(report, `${at}.logRetentionDays`, aws.logRetentionDays, LOG_RETENTION_DAYS);
  }
  if (aws.ttlHours !== undefined) {
    if (kind !== 'ephemeral') {
      report(
        `${at}.ttlHours`,
        `only ephemeral environments expire; remove it, or set kind to "ephemeral" (kind is "${kind}")`,
      );
    } else checkInteger(report, `${at}.ttlHours`, aws.ttlHours, 1, 720);
  }
  const { database, bus, cache } = aws;
  if (database !== undefined) {
    checkPattern(
      report,
      `${at}.database.instanceClass`,
      database.instanceClass,
      /^db\.[a-z0-9]+\.[a-z0-9]+$/,
      '"db.t4g.micro"',
    );
    checkInteger(report, `${at}.database.allocatedStorageGiB`, database.allocatedStorageGiB, 20, 65536);
    if (database.backupRetentionDays !== undefined && database.backupRetentionDays === 0) {
      report(
        `${at}.database.backupRetentionDays`,
        'must be from 1 to 35: 0 turns off automated backups and point-in-time recovery',
      );
    } else checkInteger(report, `${at}.database.backupRetentionDays`, database.backupRetentionDays, 1, 35);
    checkBoolean(report, `${at}.database.multiAz`, database.multiAz);
    checkBoolean(report, `${at}.database.deletionProtection`, database.deletionProtection);
    if (kind === 'ephemeral' && database.deletionProtection === true) {
      report(
        `${at}.database.deletionProtection`,
        'ephemeral environments must destroy cleanly; deletion protection is only for other kinds',
      );
    }
  }
  if (bus !== undefined) {
    if (bus.kind !== undefined) checkOneOf(report, `${at}.bus.kind`, bus.kind, BUS_CLUSTER_KINDS);
    checkPattern(
      report,
      `${at}.bus.instanceType`,
      bus.instanceType,
      /^kafka\.[a-z0-9]+\.[a-z0-9]+$/,
      '"kafka.t3.small"',
    );
    checkInteger(report, `${at}.bus.brokersPerZone`, bus.brokersPerZone, 1, 4);
    checkInteger(report, `${at}.bus.volumeSizeGiB`, bus.volumeSizeGiB, 1, 16384);
    if (bus.kind === 'msk-serverless') {
      for (const field of ['instanceType', 'brokersPerZone', 'volumeSizeGiB'] as const) {
        if (bus[field] !== undefined) {
          report(`${at}.bus.${field}`, 'applies to provisioned MSK only; remove it, or set bus.kind to "msk"');
        }
      }
    }
  }
  if (cache !== undefined) {
    checkPattern(report, `${at}.cache.nodeType`, cache.nodeType, /^cache\.[a-z0-9]+\.[a-z0-9]+$/, '"cache.t4g.micro"');
    checkInteger(report, `${at}.cache.replicas`, cache.replicas, 0, 5);
  }
}

function checkCidr(report: Report, path: string, value: unknown): void {
  const match = typeof value === 'string' ? CIDR_PATTERN.exec(value) : null;
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const prefix = Number(match?.[5]);
  if (match === null || octets.some((o) => o > 255) || prefix < 16 || prefix > 20) {
    report(path, `${show(value)} is not allowed; use an IPv4 CIDR block from /16 to /20, e.g. "10.0.0.0/16"`);
  }
}

function checkPattern(report: Report, path: string, value: unknown, pattern: RegExp, example: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !pattern.test(value))
    report(path, `${show(value)} is not allowed; use a name such as ${example}`);
}

function checkBoolean(report: Report, path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') report(path, `must be true or false, got ${show(value)}`);
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
