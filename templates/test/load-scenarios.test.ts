import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as GeneratedScenarios from '../../load/generated/scenarios.js';
import type { LoadScenarioConfig } from '../config/load-config.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { DEFAULT_SERVICES } from '../config/defaults.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { validatePlatformConfig } from '../config/validate-config.js';
import { renderLoadWorkflow } from '../workflows/load-workflow.js';
import { synthPlatform } from './synth-platform.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const scenario = (overrides: Partial<LoadScenarioConfig> = {}): LoadScenarioConfig => ({
  name: 'read-account',
  endpoint: 'GET /api/account',
  ratePerSecond: 50,
  durationSeconds: 10,
  thresholds: { p95Ms: 123, p99Ms: 456, maxErrorRate: 0.02 },
  ...overrides,
});
// Built from `unknown` on purpose: .projenrc.ts runs without a type-check.
const withLoad = (load: unknown): PlatformConfig => ({ name: 'acme', load }) as PlatformConfig;
const issues = (config: PlatformConfig) => validatePlatformConfig(config).map((i) => `${i.path}: ${i.message}`);

/** The generated scenarios module, imported as `npm run load` imports it. */
async function runnerScenarios(outdir: string) {
  return (await import(path.join(outdir, 'load/generated/scenarios.ts'))) as typeof GeneratedScenarios;
}

/** Synthesizes under the repository, so `k6/*` imports resolve to its node_modules/@types/k6. */
function synthBesideTypes(config: PlatformConfig) {
  const scratch = path.join(REPO_ROOT, 'node_modules', '.cache');
  fs.mkdirSync(scratch, { recursive: true });
  return synthPlatform(config, fs.mkdtempSync(path.join(scratch, 'load-k6-')));
}

function typeCheckK6(outdir: string) {
  const result = spawnSync(process.execPath, [TSC, '-p', path.join(outdir, 'load/k6/tsconfig.json')], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('load: validation', () => {
  it('accepts the defaults and a full scenario', () => {
    expect(issues({ name: 'acme' })).toEqual([]);
    expect(issues(withLoad({ scenarios: [scenario()] }))).toEqual([]);
  });

  it('names the field and the allowed values', () => {
    expect(issues(withLoad({ scenarios: [scenario({ endpoint: 'DELETE /api/orders' as never })] }))).toEqual([
      'load.scenarios[0].endpoint: must be one of "POST /api/orders", "GET /api/orders", "GET /api/positions", "GET /api/account", got "DELETE /api/orders"',
    ]);
    expect(issues(withLoad({ scenarios: [scenario({ ratePerSecond: 0, durationSeconds: 1.5 })] }))).toEqual([
      'load.scenarios[0].ratePerSecond: must be a whole number from 1 to 10000, got 0',
      'load.scenarios[0].durationSeconds: must be a whole number from 1 to 3600, got 1.5',
    ]);
    expect(issues(withLoad({ scenarios: [scenario({ name: 'Place_Orders' })] }))).toEqual([
      'load.scenarios[0].name: must be lower-case kebab-case, 2–32 characters (e.g. "place-orders"), got "Place_Orders"',
    ]);
    expect(issues(withLoad({ scenaros: [] }))).toEqual(['load.scenaros: unknown field; the only one is "scenarios"']);
  });

  it('rejects thresholds that cannot be met or make no sense', () => {
    const thresholds = { p95Ms: 300, p99Ms: 200, maxErrorRate: 0 };
    expect(issues(withLoad({ scenarios: [scenario({ thresholds })] }))).toEqual([
      'load.scenarios[0].thresholds.p99Ms: must be at least p95Ms (300), got 200',
      'load.scenarios[0].thresholds.maxErrorRate: must be a number above 0 and at most 1 (k6 passes "rate<x" only below x), got 0',
    ]);
    expect(issues(withLoad({ scenarios: [{ ...scenario(), thresholds: undefined }] }))).toEqual([
      'load.scenarios[0].thresholds: must be an object { p95Ms, p99Ms, maxErrorRate }, got undefined',
    ]);
  });

  it('rejects two scenarios with one name (they would share a k6 file)', () => {
    expect(issues(withLoad({ scenarios: [scenario(), scenario()] }))).toEqual([
      'load.scenarios[1].name: "read-account" is used by an earlier scenario; names must be unique',
    ]);
  });
});

describe('load: rendering', () => {
  it('renders the default scenarios to k6 scripts and runner data (snapshot)', () => {
    const out = synthPlatform({ name: 'tradeforge' });
    const files = Object.keys(out.files)
      .filter((f) => f.startsWith('load/'))
      .sort();
    expect(files).toEqual([
      'load/generated/scenarios.ts',
      'load/k6/place-orders.ts',
      'load/k6/read-positions.ts',
      'load/k6/tsconfig.json',
    ]);
    expect(Object.fromEntries(files.map((f) => [f, out.read(f)]))).toMatchSnapshot();
  });

  it('carries a configured threshold into the k6 script and the runner data alike', async () => {
    const out = synthPlatform(withLoad({ scenarios: [scenario()] }));
    const script = out.read('load/k6/read-account.ts');
    expect(script).toContain("executor: 'constant-arrival-rate'");
    expect(script).toContain('rate: 50,');
    expect(script).toContain("duration: '10s',");
    expect(script).toContain("http_req_duration: ['p(95)<123', 'p(99)<456'],");
    expect(script).toContain("http_req_failed: ['rate<0.02'],");
    expect(script).toContain('http.get(`${BASE_URL}/api/account`');
    const { LOAD_SCENARIOS } = await runnerScenarios(out.outdir);
    expect(LOAD_SCENARIOS).toEqual([
      expect.objectContaining({
        name: 'read-account',
        method: 'GET',
        path: '/api/account',
        ratePerSecond: 50,
        durationSeconds: 10,
        thresholds: { p95Ms: 123, p99Ms: 456, maxErrorRate: 0.02 },
      }),
    ]);
  });

  it('sends the same order body from k6 and from the runner', async () => {
    const out = synthPlatform({ name: 'tradeforge' });
    const { LOAD_SCENARIOS } = await runnerScenarios(out.outdir);
    const orders = LOAD_SCENARIOS.find((s) => s.endpoint === 'POST /api/orders')!;
    expect(orders.body).toEqual({
      instrumentId: 'ETHUSDT.paper',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.01,
      price: 1000,
    });
    expect(out.read('load/k6/place-orders.ts')).toContain(
      `const BODY = JSON.stringify(${JSON.stringify(orders.body)});`,
    );
  });

  it('follows the gateway port into the default BASE_URL of both', async () => {
    const services = DEFAULT_SERVICES.map((s) => (s.role === 'gateway' ? { ...s, port: 8088 } : s));
    const out = synthPlatform({ name: 'tradeforge', services });
    expect(out.read('load/k6/place-orders.ts')).toContain(
      'const BASE_URL = __ENV.BASE_URL || "http://localhost:8088";',
    );
    expect((await runnerScenarios(out.outdir)).DEFAULT_BASE_URL).toBe('http://localhost:8088');
  });

  it('drops a k6 script when its scenario leaves the config', () => {
    const out = synthPlatform(withLoad({ scenarios: [scenario()] }));
    expect(out.files['load/k6/place-orders.ts']).toBeUndefined();
  });
});

describe('load: the workflow', () => {
  it('runs every generated k6 script with a token and a rate limit above the scenarios', () => {
    const job = renderLoadWorkflow(resolvePlatformConfig({ name: 'tradeforge' })).jobs.load!;
    const run = (name: string) => job.steps.find((s) => s.name === name)?.run ?? '';
    expect(run('Run the k6 scenarios (thresholds fail the step)')).toContain('for scenario in load/k6/*.ts; do');
    expect(run('Sign a token for the scenarios')).toContain('npm run --silent token');
    const names = job.steps.map((s) => s.name);
    expect(names.indexOf('Make the gateway JWT secret of this run')).toBeLessThan(
      names.indexOf('Start the compose stack'),
    );
    expect(Number(job.env?.GATEWAY_RATE_LIMIT_PER_MINUTE)).toBeGreaterThan(60 * 10_000);
  });
});

describe('load: k6 type-check against @types/k6', () => {
  it('passes for the generated scripts, and fails for a script k6 would reject', () => {
    const out = synthBesideTypes(
      withLoad({ scenarios: [scenario(), scenario({ name: 'place', endpoint: 'POST /api/orders' })] }),
    );
    try {
      expect(typeCheckK6(out.outdir)).toEqual({ status: 0, output: '' });
      // A constant-arrival-rate scenario without its rate: the types must catch it.
      const file = path.join(out.outdir, 'load/k6/place.ts');
      fs.chmodSync(file, 0o644);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^ {6}rate: \d+,\n/m, ''));
      const broken = typeCheckK6(out.outdir);
      expect(broken.status).not.toBe(0);
      expect(broken.output).toMatch(/place\.ts.*rate/s);
    } finally {
      fs.rmSync(out.outdir, { recursive: true, force: true });
    }
  });
});
