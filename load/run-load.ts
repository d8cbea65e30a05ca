// npm run load -- [--scenario name] [--target gateway-url [--token t]] [--summary file] [--skip-build]
// Runs the config's load scenarios (load/generated/scenarios.ts, the same ones load/k6/*.ts give
// k6 in CI) with autocannon at each scenario's arrival rate and duration, then applies the same
// thresholds: a table per scenario, reports/load-summary.json, exit 1 when any threshold fails.
// Without --target it starts the embedded platform in a child process on free ports, with a
// gateway rate limit high enough that the limiter is not what is measured (as bench:orders does).
// With --target it loads a platform already running (the compose stack: npm run stack:proof does
// so), after checking its gateway is ready and takes the token (load/load-target.ts).
// --base-url is the former name of --target and still accepted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { ChildProcesses, startEmbeddedPlatform } from './embedded-platform.js';
import { connectToTarget } from './load-target.js';
import { LOAD_SCENARIOS } from './generated/scenarios.js';
import type { LoadScenario } from './generated/scenarios.js';
import { checkThresholds, percentile } from './load-thresholds.js';
import type { LoadMeasurement, ThresholdCheck } from './load-thresholds.js';

const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);
const children = new ChildProcesses(fail);
process.once('SIGINT', () => void children.stopAll().then(() => process.exit(130)));

const USAGE = 'usage: npm run load -- [--scenario name] [--target gateway-url [--token t]] [--summary file]';
let values: {
  scenario?: string;
  target?: string;
  'base-url'?: string;
  token?: string;
  summary?: string;
  'skip-build'?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      target: { type: 'string' },
      'base-url': { type: 'string' },
      token: { type: 'string' },
      summary: { type: 'string', default: 'reports/load-summary.json' },
      'skip-build': { type: 'boolean' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const scenarios =
  values.scenario === undefined ? LOAD_SCENARIOS : LOAD_SCENARIOS.filter((s) => s.name === values.scenario);
if (scenarios.length === 0) {
  fail(`no scenario is called "${values.scenario}"; the config has ${LOAD_SCENARIOS.map((s) => s.name).join(', ')}`);
}
const target = values.target ?? values['base-url'];
if (values.token !== undefined && target === undefined) fail(`--token goes with --target\n${USAGE}`);

const { baseUrl, token } =
  target === undefined
    ? await startEmbedded()
    : await connectToTarget(target, values.token, process.env).catch((error: unknown) =>
        fail((error as Error).message),
      );

interface ScenarioResult extends LoadMeasurement {
  readonly name: string;
  readonly endpoint: string;
  readonly targetPerSecond: number;
  readonly durationSeconds: number;
  readonly requests: number;
  /** How many answers had each HTTP status; refused or timed-out requests are under `none`. */
  readonly statuses: Readonly<Record<string, number>>;
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
await children.stopAll();

const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}, load average ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}`;
say(`\n${machine}; ${target === undefined ? 'embedded platform' : baseUrl}`);
say(table(results));
const failed = results.flatMap((r) => r.checks.filter((c) => !c.passed).map((c) => `${r.name}: ${c.threshold}`));
const summaryFile = path.resolve(root, values.summary!);
fs.mkdirSync(path.dirname(summaryFile), { recursive: true });
fs.writeFileSync(
  summaryFile,
  JSON.stringify(
    { date: new Date().toISOString(), machine, baseUrl: target === undefined ? 'embedded' : baseUrl, results },
    null,
    2,
  ),
);
say(failed.length === 0 ? 'Every threshold passed.' : `Failed thresholds:\n  ${failed.join('\n  ')}`);
for (const r of results) {
  const answers = Object.entries(r.statuses).filter(([status]) => !/^[23]/.test(status));
  if (answers.length > 0) say(`${r.name}: failed answers ${answers.map(([s, n]) => `${s}×${n}`).join(', ')}`);
  // One token sends every request, so a per-client limit left at its default is what fails.
  if (r.statuses['429']) say(`${r.name}: 429 is the gateway's rate limit; raise GATEWAY_RATE_LIMIT_* on the target`);
}
say(`Written to ${path.relative(root, summaryFile)}`);
process.exit(failed.length === 0 ? 0 : 1);

/** One scenario at its arrival rate; latencies recorded per response, so p95 is exact (autocannon reports no p95). */
async function run(
  scenario: LoadScenario,
): Promise<LoadMeasurement & { requests: number; statuses: Record<string, number> }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
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
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode < 200 || statusCode >= 400) failures++;
  });
  const result = await finished;
  // Errors (refused, reset, timed out) never produce a response: they count as failed requests, as in k6.
  const requests = latencies.length + result.errors;
  if (result.errors > 0) statuses.none = result.errors;
  return {
    achievedPerSecond: requests / scenario.durationSeconds,
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    errorRate: requests === 0 ? 1 : (failures + result.errors) / requests,
    requests,
    statuses,
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
  say('Starting the embedded platform…');
  const { gatewayUrl, token } = await startEmbeddedPlatform(children, fail, 'load');
  return { baseUrl: gatewayUrl, token };
}

function fail(message: string): never {
  process.stderr.write(`load: ${message}\n`);
  children.killAll();
  process.exit(1);
}
