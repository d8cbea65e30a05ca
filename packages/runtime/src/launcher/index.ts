import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface LaunchedService {
  readonly name: string;
  readonly dir: string;
  readonly port: number;
}

export interface StartPlatformOptions {
  readonly platform: string;
  readonly services: readonly LaunchedService[];
  /** Command-line arguments: `--smoke` starts everything, checks health, stops and exits. */
  readonly args: readonly string[];
}

const HEALTH_TIMEOUT_MS = 60_000;

/**
 * Runs the platform on this machine: builds the workspaces, starts one process per service,
 * waits until each answers `/health`, prints where to reach them, and stops them all on Ctrl-C.
 * Returns the exit code.
 */
export async function startPlatform({ platform, services, args }: StartPlatformOptions): Promise<number> {
  const unknown = args.filter((a) => a !== '--smoke');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}; allowed: --smoke\n`);
    return 2;
  }
  const smoke = args.includes('--smoke');
  process.stdout.write(`Building ${platform} (tsc -b)…\n`);
  if ((await run('npx', ['tsc', '-b'])) !== 0) {
    process.stderr.write('Build failed; fix the errors above and run npm start again.\n');
    return 1;
  }

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.all([...children.values()].map((child) => stopChild(child)));
  };
  const crashed = new Promise<string>((resolve) => {
    for (const service of services) {
      const child = spawn(process.execPath, [`${service.dir}/dist/generated/main.js`], {
        env: { ...process.env, PORT: String(service.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      prefixLines(child, service.name);
      child.once('exit', (code, signal) => {
        if (!stopping) resolve(`${service.name} exited (${signal ?? `code ${code}`})`);
      });
      children.set(service.name, child);
    }
  });

  process.stdout.write(`Starting ${services.length} services…\n`);
  const healthy = await Promise.race([Promise.all(services.map((s) => waitForHealth(s))).then(() => null), crashed]);
  if (healthy !== null) {
    process.stderr.write(`${healthy}; stopping the platform.\n`);
    await stopAll();
    return 1;
  }
  process.stdout.write(`\n${platform} is up:\n`);
  for (const s of services) process.stdout.write(`  ${s.name.padEnd(14)} http://localhost:${s.port}/health\n`);
  if (smoke) {
    process.stdout.write('Smoke run: every service answered /health; stopping.\n');
    await stopAll();
    return 0;
  }
  process.stdout.write('Press Ctrl-C to stop.\n');
  const reason = await Promise.race([
    new Promise<string>((resolve) => process.once('SIGINT', () => resolve('interrupted'))),
    new Promise<string>((resolve) => process.once('SIGTERM', () => resolve('terminated'))),
    crashed,
  ]);
  process.stdout.write(`\n${reason}; stopping…\n`);
  await stopAll();
  return reason === 'interrupted' || reason === 'terminated' ? 0 : 1;
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    spawn(command, args, { stdio: 'inherit' }).once('exit', (code) => resolve(code ?? 1));
  });
}

function prefixLines(child: ChildProcess, name: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline
      .createInterface({ input: stream })
      .on('line', (line) => process.stdout.write(`${name.padEnd(12)}| ${line}\n`));
  }
}

async function waitForHealth(service: LaunchedService): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${service.name} did not answer /health on port ${service.port} within ${HEALTH_TIMEOUT_MS / 1000} s`,
  );
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
