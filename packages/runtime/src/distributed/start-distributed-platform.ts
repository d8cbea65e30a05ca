import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { serviceUrlVariable } from '../config/service-directory.js';

/** One service of the platform as the launcher sees it (from the generated start script). */
export interface DistributedService {
  readonly name: string;
  readonly role: string;
  /** Workspace folder, e.g. services/order; the process runs `<dir>/dist/generated/main.js`. */
  readonly dir: string;
  readonly port: number;
  readonly dependsOn: readonly ('bus' | 'database' | 'cache')[];
}

export interface StartDistributedOptions {
  readonly services: readonly DistributedService[];
  /** Environment every service inherits: must hold the connection URLs its dependencies need. */
  readonly env: NodeJS.ProcessEnv;
  /** The repository root the service folders are relative to. @default process.cwd() */
  readonly root?: string;
  /** Host the services are reached on by each other and by the readiness wait. @default 127.0.0.1 */
  readonly host?: string;
  /** Where each output line goes, prefixed with the service name. */
  readonly output?: (line: string) => void;
  /** How long every service gets to answer 200 on /ready. @default 90000 */
  readonly readyTimeoutMs?: number;
}

export interface DistributedPlatform {
  /** Base URL of each service by name. */
  readonly urls: Readonly<Record<string, string>>;
  /** Resolves with the first service that exits on its own (a crash), with its exit code. */
  readonly exited: Promise<{ readonly name: string; readonly code: number | null }>;
  /** SIGTERM to every service; resolves when all have exited (SIGKILL after the grace period). */
  stop(graceMs?: number): Promise<void>;
}

/** The connection each dependency needs in distributed mode. */
const REQUIRED = {
  bus: ['KAFKA_BROKERS', 'localhost:9092'],
  database: ['DATABASE_URL', 'postgresql://user:password@localhost:5432/tradeforge'],
  cache: ['REDIS_URL', 'redis://localhost:6379'],
} as const;

/** Variables a role needs in distributed mode: every gateway replica must verify the same tokens. */
const REQUIRED_BY_ROLE: Readonly<Record<string, readonly [string, string]>> = {
  gateway: ['GATEWAY_JWT_SECRET', '$(openssl rand -base64 48)'],
};

/** Names the variables the services need but the environment lacks, one line each. */
export function missingConnections(services: readonly DistributedService[], env: NodeJS.ProcessEnv): string[] {
  const needs = new Map<string, { example: string; users: string[] }>();
  const need = ([variable, example]: readonly [string, string], user: string) => {
    if (env[variable]) return;
    const entry = needs.get(variable) ?? { example, users: [] };
    entry.users.push(user);
    needs.set(variable, entry);
  };
  for (const service of services) {
    for (const dependency of service.dependsOn) need(REQUIRED[dependency], service.name);
    const byRole = REQUIRED_BY_ROLE[service.role];
    if (byRole) need(byRole, service.name);
  }
  return [...needs].map(
    ([variable, { example, users }]) =>
      `${variable} is not set (needed by ${users.join(', ')}), e.g. ${variable}=${example}`,
  );
}

/**
 * Distributed mode on one machine: every service in its own Node process, talking to Kafka,
 * PostgreSQL and Redis at the URLs in the environment, and to each other over HTTP at the URLs
 * this launcher hands them (`<NAME>_SERVICE_URL`). Expects the workspaces built. Resolves once
 * every service answers /ready; rejects (after stopping the others) when one does not.
 */
export async function startDistributedPlatform(options: StartDistributedOptions): Promise<DistributedPlatform> {
  const host = options.host ?? '127.0.0.1';
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const urls = Object.fromEntries(options.services.map((s) => [s.name, `http://${host}:${s.port}`]));
  const peerUrls = Object.fromEntries(options.services.map((s) => [serviceUrlVariable(s.name), urls[s.name]!]));

  const children = new Map<string, ChildProcess>();
  // The last lines of each service, for the error when one dies while starting.
  const recent = new Map<string, string[]>(options.services.map((s) => [s.name, []]));
  let stopping = false;
  let reportExit!: (exit: { name: string; code: number | null }) => void;
  const exited = new Promise<{ name: string; code: number | null }>((resolve) => (reportExit = resolve));

  for (const service of options.services) {
    const child = spawn(process.execPath, [path.join('dist', 'generated', 'main.js')], {
      cwd: path.resolve(options.root ?? process.cwd(), service.dir),
      env: {
        ...options.env,
        ...peerUrls,
        PLATFORM_MODE: 'distributed',
        PORT: String(service.port),
        HOST: options.env.HOST ?? host,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(service.name, child);
    const prefix = `[${service.name}]`.padEnd(14);
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream! }).on('line', (line) => {
        const lines = recent.get(service.name)!;
        lines.push(line);
        if (lines.length > 15) lines.shift();
        output(`${prefix} ${line}`);
      });
    }
    child.once('exit', (code) => {
      children.delete(service.name);
      if (!stopping) reportExit({ name: service.name, code });
    });
  }

  const stop = async (graceMs = 15_000): Promise<void> => {
    stopping = true;
    const running = [...children.values()];
    await Promise.all(
      running.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    await Promise.race([
      waitUntilReady(urls, options.readyTimeoutMs ?? 90_000),
      exited.then(({ name, code }) => {
        const last = recent.get(name)!.join('\n  ');
        throw new Error(`${name} exited with code ${code} while starting; its last output:\n  ${last}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, exited, stop };
}

/** Polls every service's /ready until all answer 200; the error names those that did not and why. */
async function waitUntilReady(urls: Readonly<Record<string, string>>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waiting: string[] = Object.keys(urls);
  const last = new Map<string, string>();
  while (waiting.length > 0) {
    if (Date.now() > deadline) {
      const detail = waiting.map((name) => `${name} (${last.get(name) ?? 'no answer'})`).join('; ');
      throw new Error(`not ready after ${timeoutMs / 1000} s: ${detail}`);
    }
    const answers = await Promise.all(
      waiting.map(async (name) => {
        try {
          const response = await fetch(`${urls[name]}/ready`, { signal: AbortSignal.timeout(2_000) });
          last.set(name, `${response.status} ${await response.text()}`);
          return response.status === 200 ? undefined : name;
        } catch (error) {
          last.set(name, (error as Error).message);
          return name;
        }
      }),
    );
    waiting = answers.filter((name): name is string => name !== undefined);
    if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
