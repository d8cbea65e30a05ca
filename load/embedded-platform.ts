// What bench:orders and npm run load share: the embedded platform (and any other server) in
// child processes of their own, so the load generator does not share their event loop.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
// Leaf modules only: the runtime's index loads NestJS decorators, which tsx does not compile.
import { serviceUrlVariable } from '../packages/runtime/src/config/service-directory.js';
import { PLATFORM_SETTINGS } from '../packages/runtime/src/generated/platform-settings.js';
import { freePort } from '@tradeforge/test-infra';
import { signToken } from '../services/gateway/src/auth/token-signer.js';

const root = path.resolve(import.meta.dirname, '..');

/** Child processes that must live as long as the run: one dying early ends the run through `fail`. */
export class ChildProcesses {
  private readonly running: ChildProcess[] = [];

  constructor(private readonly fail: (message: string) => never) {}

  /** Runs `code` as an ES module in a new Node process; its stderr is shown prefixed with `name`. */
  start(name: string, code: string, env: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
    child.once('exit', (code) => {
      if (this.running.includes(child)) this.fail(`the ${name} process exited with code ${code} during the run`);
    });
    this.running.push(child);
    return child;
  }

  /** SIGTERM to every child; resolves when all have exited. */
  async stopAll(): Promise<void> {
    const stopping = this.running.splice(0);
    await Promise.all(
      stopping.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  killAll(): void {
    for (const child of this.running) child.kill('SIGKILL');
  }
}

/** Polls until `url` answers 2xx (a POST sends `{}`); false after 60 s. */
export async function answers(url: string, method: 'GET' | 'POST' = 'GET'): Promise<boolean> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const ok = await fetch(url, { method, body: method === 'POST' ? '{}' : undefined }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** How the platform's services are spread over processes. */
export interface PlatformLayout {
  /**
   * Run the gateway in a process of its own, every other service in the embedded process that
   * owns PGlite: the gateway's HTTP work then gets a core of its own instead of queueing behind
   * the downstream work of earlier orders. Its in-memory bus is its own, so its WebSocket stream
   * sees no updates (no load here uses it); everything else is as in `npm start`.
   * @default false
   */
  readonly gatewayApart?: boolean;
}

/**
 * The embedded platform (compiled: build first) on free ports, its peers found through
 * <NAME>_SERVICE_URL, with a gateway rate limit high enough that one client sending everything
 * is not what gets measured. Resolves once every service is ready, with the gateway's URL and a
 * token for `tokenSubject`.
 */
export async function startEmbeddedPlatform(
  children: ChildProcesses,
  fail: (message: string) => never,
  tokenSubject: string,
  layout: PlatformLayout = {},
): Promise<{ gatewayUrl: string; token: string; serviceCount: number; pids: number[] }> {
  const secret = randomBytes(48).toString('base64');
  const services = await Promise.all(
    PLATFORM_SETTINGS.services.map(async (s) => ({ name: s.name, role: s.role, dir: s.dir, port: await freePort() })),
  );
  const gateway = services.find((s) => s.role === 'gateway') ?? fail('the config has no gateway service');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    GATEWAY_JWT_SECRET: secret,
    GATEWAY_RATE_LIMIT_BURST: '1000000',
    GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000000',
    ...Object.fromEntries(services.map((s) => [serviceUrlVariable(s.name), `http://127.0.0.1:${s.port}`])),
  };
  const launch = (name: string, group: readonly (typeof services)[number][]) =>
    children.start(
      name,
      `const { startPlatform } = await import('@tradeforge/runtime/launcher');
     process.exitCode = await startPlatform({ platform: '${tokenSubject}', services: ${JSON.stringify(group)}, args: [] });`,
      env,
    );
  const processes = layout.gatewayApart
    ? [
        launch(
          'platform',
          services.filter((s) => s !== gateway),
        ),
        launch('gateway', [gateway]),
      ]
    : [launch('platform', services)];
  for (const service of services) {
    const url = `http://127.0.0.1:${service.port}/ready`;
    if (!(await answers(url))) fail(`${url} did not answer within 60 s`);
  }
  const token = await signToken(new TextEncoder().encode(secret), {
    sub: tokenSubject,
    scope: 'orders:write orders:read',
    ttl: '2h',
  });
  return {
    gatewayUrl: `http://127.0.0.1:${gateway.port}`,
    token,
    serviceCount: services.length,
    pids: processes.map((p) => p.pid!),
  };
}
