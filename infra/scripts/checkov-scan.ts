// `npm run infra:scan`: synthesizes every environment (plus the ephemeral EPHEMERAL_ENV, pr-123
// by default), installs checkov (pinned, from PyPI) into a cached virtualenv on first use, scans
// the Terraform JSON and fails on any finding not in checkov-skips.txt.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { platform } from '../src/generated/platform.js';
import { STATE_BOOTSTRAP_STACK } from '../src/state-bootstrap-stack.js';
import { judgeFindings, parseSkipList } from './checkov-results.js';
import type { CheckovFinding, StackKind } from './checkov-results.js';

const infraDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(infraDir, '..');
const version = process.env.CHECKOV_VERSION;
if (!version) fail('CHECKOV_VERSION is not set; run the scan with `npm run infra:scan`');
const ephemeral = process.env.EPHEMERAL_ENV || `${platform.ephemeralEnvironment.name}-123`;
const started = Date.now();

step(`synthesizing every environment and ${ephemeral}`);
run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { EPHEMERAL_ENV: ephemeral });

const cacheDir = process.env.TRADEFORGE_CACHE_DIR ?? path.join(repoRoot, '.cache');
const venv = path.join(cacheDir, `checkov-${version}`);
const checkov = path.join(venv, 'bin', 'checkov');
if (!fs.existsSync(checkov)) {
  step(`installing checkov ${version} into ${path.relative(repoRoot, venv)} (first run only, about a minute)`);
  fs.rmSync(venv, { recursive: true, force: true });
  run('python3', ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', `checkov==${version}`]);
}

step('scanning the synthesized Terraform JSON with checkov');
const stacksDir = path.join(infraDir, 'cdktf.out', 'stacks');
const scan = spawnSync(
  checkov,
  ['--directory', stacksDir, '--framework', 'terraform_json', '--output', 'json', '--compact', '--skip-download'],
  { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' } },
);
if (scan.error) fail(`checkov did not run: ${scan.error.message}`);
const reports = parseReports(scan.stdout, scan.stderr);
const failedChecks = reports.flatMap((r) => r.results?.failed_checks ?? []);
const passed = reports.reduce((n, r) => n + (r.results?.passed_checks?.length ?? 0), 0);

const rules = parseSkipList(fs.readFileSync(path.join(infraDir, 'checkov-skips.txt'), 'utf8'));
const kinds = new Map<string, StackKind>([
  [STATE_BOOTSTRAP_STACK, 'bootstrap'],
  ...platform.environments.map((e) => [e.name, e.kind] as const),
  [ephemeral, 'ephemeral'],
]);
const verdict = judgeFindings(failedChecks, rules, (stack) => {
  const kind = kinds.get(stack);
  if (kind === undefined) throw new Error(`stack "${stack}" is not in the config; delete infra/cdktf.out and rerun`);
  return kind;
});

const stacks = [...new Set(fs.readdirSync(stacksDir))].sort();
console.log(`\nStacks scanned: ${stacks.join(', ')}`);
for (const [checkId, findings] of groupBy(verdict.skipped, (f) => f.check_id)) {
  const reason = findings[0]?.skippedBy?.reason ?? '';
  console.log(
    `  skipped ${checkId} ×${findings.length} (${[...new Set(findings.map((f) => f.stack))].join(', ')}): ${reason}`,
  );
}
for (const rule of verdict.unused) {
  console.log(
    `  note: skip ${rule.checkId} (checkov-skips.txt:${rule.line}) matched nothing; remove it if it is obsolete`,
  );
}
for (const finding of verdict.failed) {
  console.log(
    `  FAILED ${finding.check_id} ${finding.check_name}\n         ${finding.stack}: ${finding.resource}${finding.guideline ? `\n         ${finding.guideline}` : ''}`,
  );
}
console.log(
  `\ncheckov ${version}: ${passed} passed, ${verdict.failed.length} failed, ${verdict.skipped.length} skipped ` +
    `(${rules.length} documented skips) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (verdict.failed.length > 0) {
  console.log('Fix the stacks, or add a skip with its reason to infra/checkov-skips.txt.');
  process.exit(1);
}

interface CheckovReport {
  readonly check_type?: string;
  readonly results?: { passed_checks?: unknown[]; failed_checks?: CheckovFinding[] };
}

function parseReports(stdout: string, stderr: string): CheckovReport[] {
  try {
    const parsed = JSON.parse(stdout) as CheckovReport | CheckovReport[];
    const reports = Array.isArray(parsed) ? parsed : [parsed];
    if (reports.length === 0 || reports.every((r) => r.results === undefined)) {
      fail(`checkov found no Terraform to scan in ${stacksDir}:\n${stdout}${stderr}`);
    }
    return reports;
  } catch (error) {
    if (error instanceof SyntaxError)
      fail(`checkov's output is not JSON:\n${stdout.slice(0, 2000)}\n${stderr.slice(-2000)}`);
    throw error;
  }
}

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { cwd: infraDir, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) fail(`${command} did not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function step(message: string): void {
  console.log(`[infra:scan ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
}

function fail(message: string): never {
  console.error(`infra:scan: ${message}`);
  process.exit(2);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
