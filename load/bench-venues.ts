// npm run bench:venues -- [--orders 10000] [--runs 1]
// 10,000 orders across every venue with an adapter (LIVE_VENUES: a venue joins the run when it is
// added there and has a fault-run setup) against their mock venues, with injected faults on every
// route: 503 before processing, 500 and dropped connections after it, and stalls past the
// client's timeout. The real adapters, rate limiters and venue client run in this process; each
// mock venue counts every request over its limit. Prints, per run and per venue: orders, end
// states, limit violations, lost, doubled, UNKNOWN orders resolved; writes
// reports/bench-venues.json. Exits 1 if any run had a limit violation, a lost or a doubled order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
// Leaf modules only: tsx does not compile NestJS decorators, and none of these has any.
import { runVenueUnderFaults } from '../services/broker/src/venues/shared/mock/fault-run.js';
import type { FaultRunResult, FaultRunVenue } from '../services/broker/src/venues/shared/mock/fault-run.js';
import { FAULT_RUN_VENUES } from '../services/broker/src/venues/shared/mock/fault-run-venues.js';
import { LIVE_VENUES } from '../services/broker/src/venues/venue-factory.js';

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '10000' }, runs: { type: 'string', default: '1' } },
});
const totalOrders = Number(values.orders);
const runs = Number(values.runs);
for (const [name, value] of Object.entries({ orders: totalOrders, runs })) {
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a whole number of 1 or more, got ${value}`);
}
const say = (line: string) => process.stdout.write(`${line}\n`);

const missing = LIVE_VENUES.filter((venue) => FAULT_RUN_VENUES[venue] === undefined);
if (missing.length > 0) {
  fail(
    `no fault-run setup for ${missing.join(', ')}: add one to ` +
      'services/broker/src/venues/shared/mock/fault-run-venues.ts (FAULT_RUN_VENUES)',
  );
}

/** The orders split evenly over the venues, the remainder to the first. */
const perVenue = LIVE_VENUES.map(
  (_, i) => Math.floor(totalOrders / LIVE_VENUES.length) + (i < totalOrders % LIVE_VENUES.length ? 1 : 0),
);
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;
say(`${totalOrders} orders over ${LIVE_VENUES.join(', ')} (${perVenue.join(' + ')}), ${runs} run(s); ${machine}`);
say(`load average before: ${loadAverage()}`);

interface RunReport {
  readonly run: number;
  readonly seconds: number;
  readonly loadAverage: string;
  readonly venues: readonly FaultRunResult[];
}
const reports: RunReport[] = [];
const failedRuns: string[] = [];
const reportFile = path.resolve(import.meta.dirname, '..', 'reports', 'bench-venues.json');
/** Written after every run, so a long series keeps what it measured. */
const writeReport = () => {
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.writeFileSync(
    reportFile,
    `${JSON.stringify({ machine, date: new Date().toISOString(), orders: totalOrders, runs: reports }, null, 2)}\n`,
  );
};
for (let run = 1; run <= runs; run++) {
  const started = performance.now();
  const venues: FaultRunVenue[] = [];
  try {
    for (const [i, id] of LIVE_VENUES.entries()) venues.push(await FAULT_RUN_VENUES[id]!({ seed: run * 100 + i }));
    // Every venue at once, as a broker trading on all of them would.
    const results = await Promise.all(
      venues.map(async (venue, i) => {
        const result = await runVenueUnderFaults(venue, perVenue[i]!);
        // Venues finish at different times: say so as each does, a long run shows where it is.
        say(`  ${venue.venue} done after ${((performance.now() - started) / 1000).toFixed(1)} s:`);
        printVenue(result);
        return result;
      }),
    );
    const report = { run, seconds: (performance.now() - started) / 1000, loadAverage: loadAverage(), venues: results };
    reports.push(report);
    printRun(report);
    writeReport();
  } catch (error) {
    // A run that could not finish (a venue never became reachable again) is a failed run, not a crash.
    failedRuns.push(`run ${run}: ${(error as Error).message}`);
    say(`run ${run} failed: ${(error as Error).message}`);
  } finally {
    await Promise.all(venues.map((venue) => venue.close()));
  }
}

const failures = [
  ...failedRuns,
  ...reports.flatMap((r) =>
    r.venues.flatMap((v) => [
      ...(v.limitViolations > 0 ? [`run ${r.run} ${v.venue}: ${v.limitViolations} limit violations`] : []),
      ...v.lost.map((what) => `run ${r.run} ${v.venue} lost: ${what}`),
      ...v.doubled.map((what) => `run ${r.run} ${v.venue} doubled: ${what}`),
      ...(v.positions === 'reconciled' ? [] : [`run ${r.run} ${v.venue} positions: ${v.positions}`]),
      ...(v.unknown.resolved < v.unknown.total
        ? [`run ${r.run} ${v.venue}: ${v.unknown.total - v.unknown.resolved} UNKNOWN orders unresolved`]
        : []),
    ]),
  ),
];
const seconds = reports.map((r) => r.seconds).sort((a, b) => a - b);
say('');
if (seconds.length > 0)
  say(`median wall time ${median(seconds).toFixed(1)} s over ${runs} run(s); load average after: ${loadAverage()}`);
writeReport();
say(`report: ${path.relative(process.cwd(), reportFile)}`);
if (failures.length > 0) {
  say(`FAILED (${failures.length}):`);
  for (const failure of failures.slice(0, 50)) say(`  ${failure}`);
  process.exit(1);
}
say('OK: zero limit violations, zero lost, zero doubled, every UNKNOWN order resolved');

function printRun(report: RunReport): void {
  const orders = report.venues.reduce((sum, v) => sum + v.orders, 0);
  say('');
  say(`run ${report.run}: ${orders} orders in ${report.seconds.toFixed(1)} s (load average ${report.loadAverage})`);
  say(
    '  venue     orders  at venue  filled  canceled  rejected  violations  lost  doubled  UNKNOWN resolved  busiest window',
  );
  for (const v of report.venues) printVenue(v);
}

function printVenue(v: FaultRunResult): void {
  const cells = [
    v.venue.padEnd(8),
    String(v.orders).padStart(6),
    String(v.venueOrders).padStart(8),
    String(v.statuses['FILLED'] ?? 0).padStart(6),
    String(v.statuses['CANCELED'] ?? 0).padStart(8),
    String(v.statuses['REJECTED'] ?? 0).padStart(8),
    String(v.limitViolations).padStart(10),
    String(v.lost.length).padStart(4),
    String(v.doubled.length).padStart(7),
    `${v.unknown.resolved}/${v.unknown.total}`.padStart(16),
    Object.entries(v.peaks)
      .map(([name, used]) => `${name} ${used}`)
      .join(', '),
  ];
  say(`  ${cells.join('  ')}`);
  const faults = Object.entries(v.faultsInjected).map(([kind, n]) => `${n} ${kind}`);
  say(`  ${''.padEnd(8)}  faults injected: ${faults.join(', ')}; positions ${v.positions}`);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function fail(message: string): never {
  process.stderr.write(`bench:venues: ${message}\n`);
  process.exit(1);
}
