import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPORT = path.resolve(import.meta.dirname, '../../../reports/fault-suite.json');

/** What one fault case proved, in the five numbers the issue asks for, plus context. */
export interface FaultCounts {
  readonly case: string;
  readonly sent: number;
  readonly accepted: number;
  readonly terminal: number;
  readonly duplicates: number;
  readonly lost: number;
  /** Final statuses of the accepted orders (FILLED, DENIED, …). */
  readonly statuses: Readonly<Record<string, number>>;
  /** Requests the client retried while the platform answered 5xx or nothing. */
  readonly retries: number;
  /** From the fault going in until every order ended and the outbox was empty. */
  readonly recoverySeconds: number;
  readonly caseSeconds: number;
}

/** The counts line every case prints. */
export function countsLine(counts: FaultCounts): string {
  const statuses = Object.entries(counts.statuses)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return (
    `fault case "${counts.case}": sent ${counts.sent}, accepted ${counts.accepted}, terminal ${counts.terminal}, ` +
    `duplicates ${counts.duplicates}, lost ${counts.lost} (${statuses}; ${counts.retries} retries; ` +
    `recovered in ${counts.recoverySeconds} s, case ${counts.caseSeconds} s)`
  );
}

/** Appends the case to reports/fault-suite.json (an array; created on first use). */
export function appendToReport(counts: FaultCounts, runId: string): void {
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  const existing = fs.existsSync(REPORT) ? (JSON.parse(fs.readFileSync(REPORT, 'utf8')) as unknown[]) : [];
  existing.push({
    ...counts,
    runId,
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
  });
  fs.writeFileSync(REPORT, `${JSON.stringify(existing, null, 2)}\n`);
}
