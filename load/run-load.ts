// npm run load -- [--scenario name] [--base-url url --token t] [--skip-build]
// Runs the config's load scenarios (load/generated/scenarios.ts, the same ones load/k6/*.ts give
// k6 in CI) with autocannon at each scenario's arrival rate and duration, then applies the same
// thresholds: a table per scenario, reports/load-summary.json, exit 1 when any threshold fails.
// Without --base-url it starts the embedded platform in a child process on free ports, with a
// gateway rate limit high enough that the limiter is not what is measured (as bench:orders does).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
// Leaf modules only: the runtime's index loads NestJS decorators, which tsx does not compile.
import { serviceUrlVariable } from '../packages/runtime/src/config/service-directory.js';
import { PLATFORM_SETTINGS } from '../packages/runtime/src/generated/platform-settings.js';
import { freePort } from '@tradeforge/test-infra';
import { signToken } from '../services/gateway/src/auth/token-signer.js';
import { LOAD_SCENARIOS } from './generated/scenarios.js';
import type { LoadScenario } from './generated/scenarios.js';
import { checkThresholds, percentile } from './load-thresholds.js';
import type { LoadMeasurement, ThresholdCheck } from './load-thresholds.js';

const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);
const children: ChildProcess[] = [];
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

let values: { scenario?: string; 'base-url'?: string; token?: string; 'skip-build'?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      'base-url': { type: 'string' },
      token: { type: 'string' },
      'skip-build': { type: 'boolean' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\nusage: npm run load -- [--scenario name] [--base-url url --token t]`);
}
const scenarios =
  values.scenario === undefined ? LOAD_SCENARIOS : LOAD_SCENARIOS.filter((s) => s.name === values.scenario);
if (scenarios.length === 0) {
  fail(`no scenario is called "${values.scenario}"; the config has ${LOAD_SCENARIOS.map((s) => s.name).join(', ')}`);
}
if (values['base-url'] !== undefined && values.token === undefined) {
  fail('--base-url needs --token <gateway JWT with orders:read orders:write> (npm run token)');
}

const { baseUrl, token } =
  values['base-url'] !== undefined ? { baseUrl: values['base-url'], token: values.token! } : await startEmbedded();

interface ScenarioResult extends LoadMeasurement {
  readonly name: string;
  readonly endpoint: string;
  readonly targetPerSecond: number;
  readonly durationSeconds: number;
  readonly requests: number;
  readonly checks: readonly ThresholdCheck[];
}
const results: ScenarioResult[] = [];
for (const scenario of scenarios) {
  say(`${scenario.name}: ${scenario.endpoint} at ${scenario.ratePerSecond}/s for ${scenario.durationSeconds} s…`);
  const measured = await run(scenario);
  results.push({
    name: scenario.name,
    endpoint: scenario.endpoint,
    targetPerSecond: scenario.ratePerSecond,
    durationSeconds: scenario.durationSeconds,
    ...measured,
    checks: checkThresholds(scenario, measured),
  });
}
await stopAll();

const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}, load average ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}`;
say(`\n${machine}; ${values['base-url'] ?? 'embedded platform'}`);
say(table(results));
const failed = results.flatMap((r) => r.checks.filter((c) => !c.passed).map((c) => `${r.name}: ${c.threshold}`));
fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'reports', 'load-summary.json'),
  JSON.stringify(
    { date: new Date().toISOString(), machine, baseUrl: values['base-url'] ?? 'embedded', results },
    null,
    2,
  ),
);
say(failed.length === 0 ? 'Every threshold passed.' : `Failed thresholds:\n  ${failed.join('\n  ')}`);
say('Written to reports/load-summary.json');
process.exit(failed.length === 0 ? 0 : 1);

/** One scenario at its arrival rate; latencies recorded per response, so p95 is exact (autocannon reports no p95). */
async function run(scenario: LoadScenario): Promise<LoadMeasurement & { requests: number }> {
  const latencies: number[] = [];
  let failures = 0;
  // As many connections as the k6 script's maxVUs: enough to hold the rate while requests take up to the p99 limit.
  const connections = Math.max(5, Math.ceil((scenario.ratePerSecond * scenario.thresholds.p99Ms) / 1000)) * 4;
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: baseUrl,
        connections,
        overallRate: scenario.ratePerSecond,
        duration: scenario.durationSeconds,
        timeout: 10,
        requests: [
          {
            method: scenario.method,
            path: scenario.path,
            headers: {
              authorization: `Bearer ${token}`,
              ...(scenario.body === null ? {} : { 'content-type': 'application/json' }),
            },
            ...(scenario.body === null ? {} : { body: JSON.stringify(scenario.body) }),
          },
        ],
      },
      (error: unknown, result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (statusCode < 200 || statusCode >= 400) failures++;
  });
  const result = await finished;
  // Errors (refused, reset, timed out) never produce a response: they count as failed requests, as in k6.
  const requests = latencies.length + result.errors;
  return {
    achievedPerSecond: requests / scenario.durationSeconds,
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    errorRate: requests === 0 ? 1 : (failures + result.errors) / requests,
    requests,
  };
}

function table(rows: readonly ScenarioResult[]): string {
  const lines = [['scenario', 'rate (target)', 'p95 ms', 'p99 ms', 'errors', 'thresholds']];
  for (const r of rows) {
    lines.push([
      r.name,
      `${r.achievedPerSecond.toFixed(1)}/s (${r.targetPerSecond}/s)`,
      r.p95Ms.toFixed(1),
      r.p99Ms.toFixed(1),
      `${(r.errorRate * 100).toFixed(2)} %`,
      r.checks.map((c) => `${c.passed ? 'pass' : 'FAIL'} ${c.threshold}`).join(', '),
    ]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines
    .map((l) =>
      l
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function startEmbedded(): Promise<{ baseUrl: string; token: string }> {
  if (!values['skip-build']) {
    say('Building the workspaces (tsc -b)…');
    if (spawnSync('npx', ['tsc', '-b'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('the build failed');
  }
  const secret = randomBytes(48).toString('base64');
  const services = await Promise.all(
    PLATFORM_SETTINGS.services.map(async (s) => ({ name: s.name, role: s.role, dir: s.dir, port: await freePort() })),
  );
  const gateway = services.find((s) => s.role === 'gateway') ?? fail('the config has no gateway service');
  say(`Starting the embedded platform (${services.length} services)…`);
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { startPlatform } = await import('@tradeforge/runtime/launcher');
       process.exitCode = await startPlatform({ platform: 'load', services: ${JSON.stringify(services)}, args: [] });`,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        GATEWAY_JWT_SECRET: secret,
        // One client sends everything: its rate limit must not be what is measured.
        GATEWAY_RATE_LIMIT_BURST: '1000000',
        GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000000',
        ...Object.fromEntries(services.map((s) => [serviceUrlVariable(s.name), `http://127.0.0.1:${s.port}`])),
      },
    },
  );
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[platform] ${chunk}`));
  child.once('exit', (code) => {
    if (children.includes(child)) fail(`the platform exited with code ${code} during the load run`);
  });
  children.push(child);
  for (const service of services) await waitFor(`http://127.0.0.1:${service.port}/ready`);
  const baseUrl = `http://127.0.0.1:${gateway.port}`;
  const token = await signToken(new TextEncoder().encode(secret), {
    sub: 'load',
    scope: 'orders:write orders:read',
    ttl: '2h',
  });
  return { baseUrl, token };
}

async function stopAll(): Promise<void> {
  const running = children.splice(0);
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`${url} did not answer within 60 s`);
}

function fail(message: string): never {
  process.stderr.write(`load: ${message}\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
}
