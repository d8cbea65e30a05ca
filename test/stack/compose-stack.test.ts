// The compose files for real: validated by `docker compose config`, then the infrastructure and
// platform stacks brought up by `npm run stack:up` with the locally built images, every
// container healthy, an order traded through the gateway, the config's load scenarios run
// against the stack with their thresholds (`npm run load -- --target`), and everything torn down
// again. Needs a Docker engine and the local images (npm run images:build); fails, never skips, without.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDockerEngine } from '../../images/check-docker.js';
import { run } from '../../images/docker-cli.js';
import type { RunResult } from '../../images/docker-cli.js';
import { platformImages } from '../../images/generated/images.js';
import { LOAD_SCENARIOS } from '../../load/generated/scenarios.js';
import { PLATFORM_SETTINGS } from '../../packages/runtime/src/generated/platform-settings.js';
import { localCaCertificates } from '../../scripts/proofs/local-ca-certificates.js';
import { JWT_SECRET_VARIABLE, hostPortVariable } from '../../templates/compose/compose-variables.js';
import { VERSIONS } from '../../templates/versions.js';

/** Its own project name, so the proof never touches a developer's `npm run stack:up` stack. */
const PROJECT = 'tradeforge-stack-proof';
const INFRASTRUCTURE = ['postgres', 'kafka', 'redis'] as const;
/** Cold, stack:up builds seven service images: past 20 minutes on 2 busy cores (warm, about a minute). */
const STACK_UP_TIMEOUT_MS = 45 * 60_000;
/** Kept after the run: docs/BENCHMARKS.md "Load scenarios" quotes the compose stack's figures from it. */
const LOAD_SUMMARY = 'reports/load-summary-stack.json';
const services = PLATFORM_SETTINGS.services;
const gatewayService = services.find((s) => s.role === 'gateway');

/** A port nothing listens on now: fixed ports (3000…) may be taken by another run on this machine. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npm ci` in the service image builds must trust what this machine trusts (a TLS-inspecting
 * proxy's CA): without EXTRA_CA_CERT_FILE, the certificates it added to its trust store.
 */
function localCaCertFile(): { EXTRA_CA_CERT_FILE?: string } {
  const pem = process.env.EXTRA_CA_CERT_FILE ? '' : localCaCertificates();
  if (!pem) return {};
  const file = path.join(os.tmpdir(), `${PROJECT}-extra-ca.pem`);
  fs.writeFileSync(file, pem);
  return { EXTRA_CA_CERT_FILE: file };
}

const hostPorts = new Map<string, number>();
let env: NodeJS.ProcessEnv;

const npm = (args: string[], timeoutMs = 20 * 60_000): Promise<RunResult> =>
  run('npm', ['run', '--silent', ...args], { env, timeoutMs });

/** The output's last lines, for an assertion message that says what went wrong. */
const tail = (result: RunResult, lines = 40) =>
  `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');

function url(service: string, route: string): string {
  return `http://127.0.0.1:${hostPorts.get(service)}${route}`;
}

beforeAll(async () => {
  const engine = await findDockerEngine();
  if (!engine.ok) {
    throw new Error(`No Docker engine is reachable (${engine.problem}); start one with: bash scripts/ensure-docker.sh`);
  }
  const compose = await run('bash', ['scripts/ensure-compose.sh'], {
    env: { ...process.env, COMPOSE_VERSION: VERSIONS.compose },
  });
  if (compose.code !== 0) throw new Error(`docker compose is not available:\n${tail(compose)}`);
  for (const image of Object.values(platformImages({ TRADEFORGE_IMAGES: 'local' }))) {
    const inspected = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image]);
    if (inspected.code !== 0)
      throw new Error(`${image} is not on this machine; build the local images: npm run images:build`);
  }
  for (const name of [...services.map((s) => s.name), ...INFRASTRUCTURE]) hostPorts.set(name, await freePort());
  env = {
    ...process.env,
    TRADEFORGE_IMAGES: 'local',
    COMPOSE_PROJECT_NAME: PROJECT,
    ...localCaCertFile(),
    [JWT_SECRET_VARIABLE]: randomBytes(48).toString('base64'),
    // As the load workflow does: one token sends every load request, so the per-client limit
    // would otherwise be what the load scenarios measure.
    GATEWAY_RATE_LIMIT_BURST: '1000000',
    GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000000',
    ...Object.fromEntries([...hostPorts].map(([name, port]) => [hostPortVariable(name), String(port)])),
  };
  // A run that died half-way may have left its stack behind.
  await npm(['stack:down', '--', '--volumes']);
});

afterAll(async () => {
  if (!env) return;
  const down = await npm(['stack:down', '--', '--volumes']);
  expect(down.code, tail(down)).toBe(0);
  const left = await run('docker', ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`]);
  const volumes = await run('docker', [
    'volume',
    'ls',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${PROJECT}`,
  ]);
  expect(left.stdout.trim(), 'containers left after stack:down').toBe('');
  expect(volumes.stdout.trim(), 'volumes left after stack:down --volumes').toBe('');
});

describe('the compose files', () => {
  it('are valid for docker compose, with and without the observability profile', async () => {
    for (const profile of [[], ['--profile', 'observability']]) {
      const config = await run('npx', ['tsx', 'scripts/stack.ts', 'config', ...profile, '--format', 'json'], { env });
      expect(config.code, tail(config)).toBe(0);
      const merged = JSON.parse(config.stdout.slice(config.stdout.indexOf('{'))) as {
        services: Record<string, { image: string; environment?: Record<string, string> }>;
      };
      const expected = [...services.map((s) => s.name), ...INFRASTRUCTURE];
      if (profile.length > 0) expected.push('otel-collector', 'jaeger', 'prometheus', 'grafana');
      expect(Object.keys(merged.services).sort()).toEqual(expected.sort());
      // stack.ts picked the local images for the infrastructure.
      expect(merged.services.postgres?.image).toBe(platformImages({ TRADEFORGE_IMAGES: 'local' }).postgres);
      const otel = merged.services.order?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT;
      expect(otel).toBe(profile.length > 0 ? 'http://otel-collector:4318' : undefined);
    }
  });

  it('refuse to start the gateway without GATEWAY_JWT_SECRET, naming it', async () => {
    const { [JWT_SECRET_VARIABLE]: _omitted, ...withoutSecret } = env;
    const config = await run(
      'docker',
      ['compose', '-f', 'compose/infrastructure.yml', '-f', 'compose/platform.yml', 'config', '--quiet'],
      { env: withoutSecret },
    );
    expect(config.code).not.toBe(0);
    expect(config.stderr).toContain('required variable GATEWAY_JWT_SECRET is missing a value');
  });
});

describe('the stack, with the locally built images', () => {
  it(
    'comes up with every container healthy (npm run stack:up)',
    async () => {
      const up = await npm(['stack:up'], STACK_UP_TIMEOUT_MS);
      expect(up.code, tail(up)).toBe(0);
      expect(up.stdout).toContain(`Gateway: ${url(gatewayService!.name, '')}`);
      const ps = await run('docker', [
        'ps',
        '-a',
        '--filter',
        `label=com.docker.compose.project=${PROJECT}`,
        '--format',
        '{{.Label "com.docker.compose.service"}} {{.Image}} {{.Status}}',
      ]);
      const containers = ps.stdout.trim().split('\n').sort();
      expect(containers.map((line) => line.split(' ')[0])).toEqual(
        [...services.map((s) => s.name), ...INFRASTRUCTURE].sort(),
      );
      for (const line of containers) expect(line).toMatch(/\(healthy\)$/);
      const local = platformImages({ TRADEFORGE_IMAGES: 'local' });
      for (const id of INFRASTRUCTURE)
        expect(containers.find((l) => l.startsWith(`${id} `))).toContain(` ${local[id]} `);
    },
    STACK_UP_TIMEOUT_MS,
  );

  it('answers /ready on every service', async () => {
    for (const service of services) {
      const response = await fetch(url(service.name, '/ready'));
      expect(response.status, `${service.name}: ${await response.text()}`).toBe(200);
    }
  });

  it('trades an order through the gateway to a fill and a position', async () => {
    const token = await npm(['token', '--', '--sub', 'stack-proof'], 60_000);
    expect(token.code, tail(token)).toBe(0);
    const auth = { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/json' };
    const gateway = gatewayService!.name;
    const clientOrderId = `proof-${Date.now()}`;

    const placed = await fetch(url(gateway, '/api/orders'), {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        clientOrderId,
        instrumentId: 'BTCUSDT.paper',
        side: 'BUY',
        type: 'MARKET',
        quantity: 0.01,
      }),
    });
    expect(placed.status, await placed.clone().text()).toBe(201);

    // The paper venue fills a market order on the next bar from market-data.
    let order: { status: string; filledQuantity: number } | undefined;
    for (let attempt = 0; attempt < 60 && order?.status !== 'FILLED'; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
      const response = await fetch(url(gateway, `/api/orders/${clientOrderId}`), { headers: auth });
      order = response.ok ? ((await response.json()) as typeof order) : undefined;
    }
    expect(order).toMatchObject({ status: 'FILLED', filledQuantity: 0.01 });

    // The portfolio counts a fill once the order service has recorded it: a moment after FILLED.
    type Position = { instrumentId: string; quantity: number };
    let position: Position | undefined;
    for (let attempt = 0; attempt < 30 && position === undefined; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
      const response = await fetch(url(gateway, '/api/positions'), { headers: auth });
      const positions = response.ok ? ((await response.json()) as Position[]) : [];
      position = positions.find((p) => p.instrumentId === 'BTCUSDT.paper');
    }
    // The sample strategy trades the same instrument, so only the position's presence is ours to check.
    expect(position?.quantity).toEqual(expect.any(Number));
  });

  it("serves the trading metrics Prometheus scrapes on the order service's /metrics", async () => {
    const order = services.find((s) => s.role === 'order')!;
    const metrics = await (await fetch(url(order.name, '/metrics'))).text();
    const filled = new RegExp(`^tradeforge_orders_total\\{status="FILLED",service="${order.name}"\\} [1-9]`, 'm');
    expect(metrics).toMatch(filled);
  });
});

describe('the load scenarios, against the stack', () => {
  it('meet every threshold through the gateway (npm run load -- --target)', async () => {
    fs.rmSync(LOAD_SUMMARY, { force: true });
    // The token is signed from GATEWAY_JWT_SECRET in env, the secret the stack's gateway runs with.
    const load = await npm(['load', '--', '--target', url(gatewayService!.name, ''), '--summary', LOAD_SUMMARY]);
    process.stdout.write(`${tail(load, 12)}\n`);
    expect(load.code, tail(load)).toBe(0);
    const summary = JSON.parse(fs.readFileSync(LOAD_SUMMARY, 'utf8')) as {
      baseUrl: string;
      results: { name: string; requests: number; checks: { threshold: string; passed: boolean }[] }[];
    };
    expect(summary.baseUrl).toBe(url(gatewayService!.name, ''));
    expect(summary.results.map((r) => r.name)).toEqual(LOAD_SCENARIOS.map((s) => s.name));
    for (const [i, result] of summary.results.entries()) {
      const scenario = LOAD_SCENARIOS[i]!;
      // At least 90 % of the arrival rate was sent: a stalled generator cannot pass on few samples.
      expect(result.requests, result.name).toBeGreaterThanOrEqual(
        0.9 * scenario.ratePerSecond * scenario.durationSeconds,
      );
      expect(result.checks.filter((c) => !c.passed).map((c) => `${result.name}: ${c.threshold}`)).toEqual([]);
    }
  });
});
