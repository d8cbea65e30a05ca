import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Whether a Docker engine answers, and if not, why (one line). */
export type DockerEngine =
  { readonly ok: true; readonly serverVersion: string } | { readonly ok: false; readonly problem: string };

/** Asks the engine for its version (`docker version`), within `timeoutMs`. Never throws. */
export function findDockerEngine(timeoutMs = 15_000): Promise<DockerEngine> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      ['version', '--format', '{{.Server.Version}}'],
      { timeout: timeoutMs },
      (error, stdout, stderr) => {
        const version = stdout.trim();
        if (!error && version !== '') return resolve({ ok: true, serverVersion: version });
        const code = (error as NodeJS.ErrnoException | null)?.code;
        // First line of the client's complaint, without its closing punctuation (the message adds its own).
        const detail = (
          `${stderr}`
            .trim()
            .split('\n')
            .find((line) => line.trim() !== '') ?? ''
        ).replace(/[.\s]+$/, '');
        if (code === 'ENOENT') return resolve({ ok: false, problem: 'the docker command is not installed' });
        if (/permission denied/i.test(detail)) {
          return resolve({
            ok: false,
            problem: `this user may not use the engine's socket (${detail}); add it to the "docker" group or run as root`,
          });
        }
        if (error?.killed)
          return resolve({ ok: false, problem: `the engine did not answer within ${timeoutMs / 1000} s` });
        resolve({ ok: false, problem: detail || 'no Docker engine answered' });
      },
    );
  });
}

export interface RequireDockerOptions {
  /** What needs the engine, e.g. "npm run images:build". */
  readonly purpose: string;
  /** How to go without it, e.g. "set TRADEFORGE_SKIP_CONTAINER_TESTS=1 to skip the suite". */
  readonly skipHint?: string;
}

/** The one message printed when no engine is reachable: what failed, how to start one, how to skip. */
export function noDockerMessage(problem: string, options: RequireDockerOptions): string {
  return [
    `${options.purpose} needs a Docker engine, and none is reachable: ${problem}.`,
    'Start one with: bash scripts/ensure-docker.sh  (installs docker.io from Debian if needed and starts dockerd; needs root)',
    ...(options.skipHint ? [`Or ${options.skipHint}.`] : []),
  ].join('\n');
}

/**
 * Returns the engine's version, or prints one message (how to start an engine, how to skip) and
 * exits with status 1: callers never see a stack trace, and never pass silently.
 */
export async function requireDockerEngine(options: RequireDockerOptions): Promise<string> {
  const engine = await findDockerEngine();
  if (engine.ok) return engine.serverVersion;
  process.stderr.write(`${noDockerMessage(engine.problem, options)}\n`);
  process.exit(1);
}

// As a command: `tsx images/check-docker.ts [--purpose "…"] [--skip-hint "…"]`, exit 0 or 1.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const version = await requireDockerEngine({
    purpose: flag('--purpose') ?? 'This command',
    skipHint: flag('--skip-hint'),
  });
  process.stdout.write(`Docker engine ${version} is reachable\n`);
}
