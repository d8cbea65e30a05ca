import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The promise of the kit, end to end on a temporary copy of this repository: one line in
 * .projenrc.ts adds a service that installs, builds, passes its generated test and answers
 * /health; deleting the line removes every generated file while the team's own code stays.
 */
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const SERVICE_LINE = "    { name: 'pricing', role: 'custom', port: 3100, dependsOn: ['cache'] },";

let copy: string;

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    // A developer's machine, not CI (projen installs with `npm install` when package.json changes)
    // and not a test run (vitest's NODE_ENV=test silences projen's messages). No colours, so
    // the output can be matched.
    env: {
      ...process.env,
      NODE_ENV: 'development',
      CI: '',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      HUSKY: '0',
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    },
    timeout: 8 * 60_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${output.slice(-4000)}`);
  return output;
}

function editConfig(edit: (text: string) => string): void {
  const file = path.join(copy, '.projenrc.ts');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-copy-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(copy, file));
  }
  run('npm', ['ci', '--ignore-scripts']);
});

afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

describe('adding and removing a service in one line', () => {
  it('adds a service that installs, builds, passes its tests and answers /health', async () => {
    editConfig((text) => text.replace('  services: [\n', `  services: [\n${SERVICE_LINE}\n`));
    run('npx', ['projen']);
    expect(fs.existsSync(path.join(copy, 'node_modules/@tradeforge/pricing'))).toBe(true);

    run('npx', ['tsc', '-b', 'services/pricing']);
    const testOutput = run('npx', ['vitest', 'run', '--project', 'services/pricing']);
    expect(testOutput).toMatch(/Tests\s+2 passed/);

    const port = await freePort();
    const child = spawn(process.execPath, ['services/pricing/dist/generated/main.js'], {
      cwd: copy,
      env: { ...process.env, PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      let body: unknown;
      for (let attempt = 0; attempt < 100 && body === undefined; attempt++) {
        body = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.json(),
          () => undefined,
        );
        if (body === undefined) await new Promise((r) => setTimeout(r, 200));
      }
      expect(body).toMatchObject({ status: 'ok', service: 'pricing' });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it("removes the service's generated files, keeps the team's own and says so", () => {
    fs.appendFileSync(path.join(copy, 'services/pricing/src/app.module.ts'), '// pricing rules of our own\n');
    editConfig((text) => text.replace(`${SERVICE_LINE}\n`, ''));
    const output = run('npx', ['projen']);

    for (const generated of [
      'Dockerfile',
      'package.json',
      'tsconfig.json',
      'src/generated/main.ts',
      'test/health.test.ts',
    ]) {
      expect(fs.existsSync(path.join(copy, 'services/pricing', generated)), generated).toBe(false);
    }
    expect(fs.readFileSync(path.join(copy, 'services/pricing/src/app.module.ts'), 'utf8')).toContain(
      '// pricing rules of our own',
    );
    expect(output).toContain('Notice: "pricing" is no longer in the config');
    expect(output).toContain('services/pricing/src/app.module.ts');
    expect(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')).not.toContain('services/pricing');
  });
});
