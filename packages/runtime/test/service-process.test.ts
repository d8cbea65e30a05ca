import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/fixture-service.ts');
// The runtime's tsconfig turns on the legacy decorators NestJS uses.
const TSCONFIG = path.resolve(import.meta.dirname, '../tsconfig.json');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the fixture service as a real process; `whenListening` runs once it logs that it listens. */
function runFixture(env: NodeJS.ProcessEnv, whenListening?: (pid: number) => void): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', FIXTURE], {
      // tsx loads in-process, so signals reach the service itself, as in production.
      env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (whenListening && stdout.includes('listening on')) {
        whenListening(child.pid!);
        whenListening = undefined;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a service process', () => {
  it('exits 1 with one line naming the variable when the environment is invalid', async () => {
    const result = await runFixture({ PLATFORM_MODE: 'distributed' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'fixture: DATABASE_URL is required in distributed mode (the service depends on database); set it, e.g. DATABASE_URL=postgresql://user:password@localhost:5432/tradeforge',
    );
  });

  it('logs JSON lines and stops cleanly with exit 0 on SIGTERM', async () => {
    const result = await runFixture({ PORT: '0' }, (pid) => process.kill(pid, 'SIGTERM'));
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string; context: string });
    expect(lines.map((l) => l.message)).toEqual(expect.arrayContaining(['SIGTERM received, shutting down', 'stopped']));
    expect(lines.every((l) => l.context !== undefined)).toBe(true);
  });
});
