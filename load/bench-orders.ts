// npm run bench:orders -- [--runs 3] [--duration 20] [--rate 1000] [--connections 20] [--gateway shared|apart]
// Load on POST /api/orders of the embedded platform (gateway → order service → PGlite + outbox,
// then risk, broker and portfolio working behind it) and on a bare node:http endpoint that parses
// the same JSON and answers 201, on this machine in the same run. Each load runs in this process
// (autocannon); the platform and the bare server each run in a process of their own. With
// `--gateway apart` the gateway runs in a process of its own, the other services in the one that
// owns PGlite (see PlatformLayout); `shared` (the default) is `npm start`'s single process.
// Reports, per run and as medians: at a fixed arrival rate, the achieved rate and p50/p99 latency;
// at full speed, orders/s for both and their ratio. Writes reports/bench-orders.json.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
// Leaf module only: the runtime's index loads NestJS decorators, which tsx does not compile.
import { PLATFORM_SETTINGS } from '../packages/runtime/src/generated/platform-settings.js';
import { freePort } from '@tradeforge/test-infra';
import { ChildProcesses, answers, startEmbeddedPlatform } from './embedded-platform.js';

const root = path.resolve(import.meta.dirname, '..');
const children = new ChildProcesses(fail);
process.once('SIGINT', () => void children.stopAll().then(() => process.exit(130)));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '20' },
    gateway: { type: 'string', default: 'shared' },
  },
});
if (values.gateway !== 'shared' && values.gateway !== 'apart') fail('--gateway must be shared or apart');
const gatewayApart = values.gateway === 'apart';
const runs = Number(values.runs);
const duration = Number(values.duration);
const rate = Number(values.rate);
const connections = Number(values.connections);
for (const [name, value] of Object.entries({ runs, duration, rate, connections })) {
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a whole number of 1 or more`);
}

const say = (line: string) => process.stdout.write(`${line}\n`);

say('Building the workspaces (tsc -b)…');
if (spawnSync('npx', ['tsc', '-b'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('the build failed');

// What runs besides the orders under test, so a reader knows what shares the machine with them.
const running = [
  `services: ${PLATFORM_SETTINGS.services.map((s) => s.name).join(', ')}`,
  gatewayApart ? 'gateway in a process of its own' : 'all in one process',
  `synthetic bars every ${process.env.MARKET_DATA_INTERVAL_MS ?? 1000} ms per instrument`,
  `strategies: ${PLATFORM_SETTINGS.strategies.map((s) => s.name).join(', ') || 'none'}`,
].join('; ');
say(`Starting the embedded platform (${running}) and a bare node:http endpoint…`);
const { gatewayUrl, token, pids } = await startEmbeddedPlatform(children, fail, 'bench', { gatewayApart });
const barePort = await freePort();
children.start(
  'bare',
  `import http from 'node:http';
   http.createServer((req, res) => {
     let body = '';
     req.on('data', (chunk) => (body += chunk));
     req.on('end', () => {
       const order = JSON.parse(body);
       res.writeHead(201, { 'content-type': 'application/json' });
       res.end(JSON.stringify({ ...order, status: 'INITIALIZED', createdAt: Date.now() }));
     });
   }).listen(${barePort}, '127.0.0.1');`,
  process.env,
);
const bareUrl = `http://127.0.0.1:${barePort}`;
if (!(await answers(`${bareUrl}/`, 'POST'))) fail(`${bareUrl} did not answer within 60 s`);

// A buy limit 10 % under the market: it rests (or risk denies it once the open-order limit is
// reached); the POST answers 201 either way, which is what is measured.
const instrument = PLATFORM_SETTINGS.instruments.at(-1)!;
const order = () =>
  JSON.stringify({
    clientOrderId: `bench-${randomUUID()}`,
    instrumentId: instrument.id,
    side: 'BUY',
    type: 'LIMIT',
    quantity: Number((instrument.lotSize * Math.ceil(0.01 / instrument.lotSize)).toFixed(12)),
    price: 1_000,
  });
const load = (url: string, extra: Partial<autocannon.Options>) =>
  autocannon({ url, connections, duration, requests: [requestOf(url)], ...extra });

say(`Warming up for 5 s…`);
await autocannon({ url: gatewayUrl, connections: 5, duration: 5, overallRate: 200, requests: [requestOf(gatewayUrl)] });

interface RunResult {
  fixedRate: { achieved: number; p50: number; p99: number; non2xx: number; errors: number };
  gatewayMax: { ordersPerSecond: number; p50: number; p99: number; non2xx: number };
  /**
   * CPU (user + system) the platform's processes spent per order placed at full speed: what an
   * order costs, which other engineers' load on the machine changes far less than throughput.
   */
  cpuMsPerOrder: number | undefined;
  bareMax: { ordersPerSecond: number; p50: number; p99: number; non2xx: number };
  ratio: number;
}
const results: RunResult[] = [];
for (let run = 1; run <= runs; run++) {
  say(`Run ${run}/${runs}: ${rate} orders/s for ${duration} s…`);
  const fixed = await load(gatewayUrl, { overallRate: rate });
  say(`Run ${run}/${runs}: gateway at full speed for ${duration} s…`);
  const cpuBefore = cpuMillis(pids);
  const gatewayMax = await load(gatewayUrl, {});
  const cpuAfter = cpuMillis(pids);
  say(`Run ${run}/${runs}: bare node:http at full speed for ${duration} s…`);
  const bareMax = await load(bareUrl, {});
  const result: RunResult = {
    fixedRate: {
      achieved: fixed.requests.average,
      p50: fixed.latency.p50,
      p99: fixed.latency.p99,
      non2xx: fixed.non2xx,
      errors: fixed.errors + fixed.timeouts,
    },
    gatewayMax: summary(gatewayMax),
    bareMax: summary(bareMax),
    cpuMsPerOrder:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / gatewayMax['2xx'],
    ratio: gatewayMax.requests.average / bareMax.requests.average,
  };
  results.push(result);
  say(
    `  fixed ${rate}/s: achieved ${result.fixedRate.achieved.toFixed(0)}/s, p50 ${result.fixedRate.p50} ms, p99 ${result.fixedRate.p99} ms, non-2xx ${result.fixedRate.non2xx}, errors ${result.fixedRate.errors}`,
  );
  say(
    `  full speed: gateway ${result.gatewayMax.ordersPerSecond.toFixed(0)}/s (p99 ${result.gatewayMax.p99} ms, ${result.cpuMsPerOrder?.toFixed(1) ?? '?'} ms CPU per order), bare ${result.bareMax.ordersPerSecond.toFixed(0)}/s, ratio ${result.ratio.toFixed(3)}`,
  );
}
await children.stopAll();

const median = (pick: (r: RunResult) => number) => {
  const sorted = results.map(pick).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const medians = {
  fixedRateAchieved: median((r) => r.fixedRate.achieved),
  fixedRateP50Ms: median((r) => r.fixedRate.p50),
  fixedRateP99Ms: median((r) => r.fixedRate.p99),
  gatewayOrdersPerSecond: median((r) => r.gatewayMax.ordersPerSecond),
  gatewayMaxP99Ms: median((r) => r.gatewayMax.p99),
  bareOrdersPerSecond: median((r) => r.bareMax.ordersPerSecond),
  ratio: median((r) => r.ratio),
  cpuMsPerOrder: median((r) => r.cpuMsPerOrder ?? Number.NaN),
};
const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}, load average ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}`;
fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'reports', 'bench-orders.json'),
  JSON.stringify(
    { date: new Date().toISOString(), machine, running, rate, duration, connections, runs: results, medians },
    null,
    2,
  ),
);
say(`\nMedians of ${runs} runs (${machine}):`);
say(
  `  at ${rate} orders/s offered: ${medians.fixedRateAchieved.toFixed(0)}/s achieved, p50 ${medians.fixedRateP50Ms} ms, p99 ${medians.fixedRateP99Ms} ms`,
);
say(
  `  full speed: gateway ${medians.gatewayOrdersPerSecond.toFixed(0)} orders/s (${medians.cpuMsPerOrder.toFixed(1)} ms of platform CPU per order), bare node:http ${medians.bareOrdersPerSecond.toFixed(0)}/s, ratio ${medians.ratio.toFixed(3)}`,
);
say('  targets: p99 < 20 ms at 1,000 orders/s; ratio ≥ 0.25. Written to reports/bench-orders.json');

function summary(result: autocannon.Result) {
  return {
    ordersPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/** CPU time (user + system) the processes have used so far, in ms; undefined without Linux's /proc. */
function cpuMillis(processIds: readonly number[]): number | undefined {
  try {
    return processIds.reduce((sum, pid) => {
      // After "pid (name) ": state is field 3, utime and stime fields 14 and 15, in 1/100 s.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) * 10;
    }, 0);
  } catch {
    return undefined;
  }
}

function requestOf(url: string): autocannon.Request {
  return {
    method: 'POST',
    path: url === gatewayUrl ? '/api/orders' : '/',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, body: order() }),
  };
}

function fail(message: string): never {
  process.stderr.write(`bench:orders: ${message}\n`);
  children.killAll();
  process.exit(1);
}
