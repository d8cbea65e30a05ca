import type { LoadEndpoint, LoadScenarioConfig } from '../config/load-config.js';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';

/** One scenario as both renderings see it: the request spelled out, the rest from the config. */
export interface RenderedLoadScenario extends LoadScenarioConfig {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** JSON body of a POST; the gateway makes each order's `clientOrderId`, so one body serves every request. */
  readonly body: Record<string, unknown> | null;
}

/** `http://localhost:<gateway port>`: where the compose stack publishes the gateway. */
export function defaultLoadBaseUrl(platform: ResolvedPlatformConfig): string {
  const entry = platform.services.find((s) => s.role === 'gateway') ?? platform.services[0];
  return entry === undefined ? 'http://localhost' : `http://localhost:${entry.port}`;
}

/** The config's scenarios with their requests: a small buy limit 10 % under the market for orders. */
export function renderedLoadScenarios(platform: ResolvedPlatformConfig): RenderedLoadScenario[] {
  return platform.load.scenarios.map((scenario) => {
    const [method, path] = scenario.endpoint.split(' ') as ['GET' | 'POST', string];
    return { ...scenario, method, path, body: bodyOf(platform, scenario.endpoint) };
  });
}

function bodyOf(platform: ResolvedPlatformConfig, endpoint: LoadEndpoint): Record<string, unknown> | null {
  if (endpoint !== 'POST /api/orders') return null;
  const instrument = platform.instruments.at(-1);
  if (instrument === undefined) return null;
  // Price 1,000 and the smallest lot count worth at least the minimum notional (10 by default):
  // far under the market, so the order rests or risk denies it; the POST answers 201 either way.
  const price = 1_000;
  const lots = Math.max(
    1,
    Math.ceil(Math.max(instrument.minNotional / price, instrument.minQuantity) / instrument.lotSize),
  );
  return {
    instrumentId: instrument.id,
    side: 'BUY',
    type: 'LIMIT',
    quantity: Number((lots * instrument.lotSize).toFixed(12)),
    price,
  };
}

/**
 * `load/k6/<name>.ts`: one k6 script (k6 runs TypeScript natively) with a constant-arrival-rate
 * scenario and the config's thresholds, so a breach fails `k6 run`. BASE_URL and TOKEN come from
 * the environment.
 */
export function renderK6Script(platform: ResolvedPlatformConfig, scenario: RenderedLoadScenario): string[] {
  const { thresholds: t } = scenario;
  // Enough virtual users to hold the rate while requests take up to the p99 limit, and room to spare.
  const preAllocatedVUs = Math.max(5, Math.ceil((scenario.ratePerSecond * t.p99Ms) / 1000));
  const url = `\`\${BASE_URL}${scenario.path}\``;
  const call =
    scenario.method === 'POST'
      ? `http.post(${url}, BODY, { headers: { ...HEADERS, 'content-type': 'application/json' } })`
      : `http.get(${url}, { headers: HEADERS })`;
  return [
    `// Scenario "${scenario.name}": ${scenario.endpoint} at ${scenario.ratePerSecond}/s for ${scenario.durationSeconds} s.`,
    '// k6 run [-e BASE_URL=…] -e TOKEN=<gateway JWT> this file; a breached threshold fails the run.',
    "import http from 'k6/http';",
    "import type { Options } from 'k6/options';",
    '',
    `const BASE_URL = __ENV.BASE_URL || ${JSON.stringify(defaultLoadBaseUrl(platform))};`,
    'const HEADERS = { authorization: `Bearer ${__ENV.TOKEN}` };',
    ...(scenario.body === null ? [] : [`const BODY = JSON.stringify(${JSON.stringify(scenario.body)});`]),
    '',
    'export const options: Options = {',
    '  scenarios: {',
    `    ${JSON.stringify(scenario.name)}: {`,
    "      executor: 'constant-arrival-rate',",
    `      rate: ${scenario.ratePerSecond},`,
    "      timeUnit: '1s',",
    `      duration: '${scenario.durationSeconds}s',`,
    `      preAllocatedVUs: ${preAllocatedVUs},`,
    `      maxVUs: ${preAllocatedVUs * 4},`,
    '    },',
    '  },',
    '  thresholds: {',
    `    http_req_duration: ['p(95)<${t.p95Ms}', 'p(99)<${t.p99Ms}'],`,
    `    http_req_failed: ['rate<${t.maxErrorRate}'],`,
    '  },',
    '};',
    '',
    'export function setup(): void {',
    "  if (!__ENV.TOKEN) throw new Error('set TOKEN to a gateway JWT with orders:read and orders:write (npm run token)');",
    '}',
    '',
    'export default function (): void {',
    `  ${call};`,
    '}',
  ];
}

/** `load/generated/scenarios.ts`: the same scenarios as data, for `npm run load` (autocannon). */
export function renderLoadScenariosModule(platform: ResolvedPlatformConfig): string[] {
  return [
    '/** One load scenario from the config: `load/k6/<name>.ts` runs the same one under k6. */',
    'export interface LoadScenario {',
    '  readonly name: string;',
    '  readonly endpoint: string;',
    "  readonly method: 'GET' | 'POST';",
    '  readonly path: string;',
    '  readonly body: Record<string, unknown> | null;',
    '  readonly ratePerSecond: number;',
    '  readonly durationSeconds: number;',
    '  readonly thresholds: { readonly p95Ms: number; readonly p99Ms: number; readonly maxErrorRate: number };',
    '}',
    '',
    "/** Where the compose stack publishes the gateway (the k6 scripts' default BASE_URL). */",
    `export const DEFAULT_BASE_URL = ${JSON.stringify(defaultLoadBaseUrl(platform))};`,
    '',
    '/** From .projenrc.ts (`load.scenarios`); docs/architecture/load-tests.md. */',
    `export const LOAD_SCENARIOS: readonly LoadScenario[] = ${JSON.stringify(renderedLoadScenarios(platform), null, 2)};`,
  ];
}

/** `load/k6/tsconfig.json`: the scripts type-checked against `@types/k6` alone (no DOM, no Node). */
export function renderK6TsConfig(): Record<string, unknown> {
  return {
    compilerOptions: {
      target: 'es2020',
      lib: ['es2020'],
      module: 'esnext',
      moduleResolution: 'bundler',
      types: ['k6'],
      strict: true,
      noEmit: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      skipLibCheck: false,
    },
    include: ['*.ts'],
  };
}
