import type { javascript } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';

/**
 * `scripts/start-platform.ts` and the `start` task: builds the workspaces, then runs every
 * configured service in this one process (embedded mode: shared in-memory bus and PGlite),
 * prints where to reach them and stops them all on Ctrl-C.
 */
export function addPlatformLauncher(project: javascript.NodeProject, platform: ResolvedPlatformConfig): void {
  new GeneratedTextFile(project, 'scripts/start-platform.ts', {
    comment: '//',
    render: () => [
      ...buildFirst('npm start'),
      "const { startPlatform } = await import('@tradeforge/runtime/launcher');",
      '',
      'const services = [',
      ...platform.services.map((s) => `  { name: '${s.name}', role: '${s.role}', dir: '${s.dir}', port: ${s.port} },`),
      '];',
      '',
      `process.exitCode = await startPlatform({ platform: '${platform.name}', services, args: process.argv.slice(2) });`,
    ],
  });
  new GeneratedTextFile(project, 'scripts/start-distributed.ts', {
    comment: '//',
    render: () => [
      ...buildFirst('npm run start:distributed'),
      "const { runDistributedPlatform } = await import('@tradeforge/runtime/distributed');",
      '',
      `process.exitCode = await runDistributedPlatform({ platform: '${platform.name}', args: process.argv.slice(2) });`,
    ],
  });
  project.addTask('start:distributed', {
    description:
      'Build, then run every service in its own process against KAFKA_BROKERS, DATABASE_URL and REDIS_URL (--smoke: trade one order and exit)',
    exec: 'tsx scripts/start-distributed.ts',
    receiveArgs: true,
  });
  project.addTask('start', {
    description: 'Build, then run every service of the platform in one process (Ctrl-C stops it)',
    exec: 'tsx scripts/start-platform.ts',
    receiveArgs: true,
  });
}

/** The scripts' first lines: services run compiled, since NestJS injection needs the decorator metadata tsc emits. */
function buildFirst(command: string): string[] {
  return [
    "import { spawnSync } from 'node:child_process';",
    '',
    '// Build first: the services run compiled, since NestJS injection needs the decorator metadata tsc emits.',
    "process.stdout.write('Building the workspaces (tsc -b)…\\n');",
    "if (spawnSync('npx', ['tsc', '-b'], { stdio: 'inherit' }).status !== 0) {",
    `  process.stderr.write('The build failed; fix the errors above and run ${command} again.\\n');`,
    '  process.exit(1);',
    '}',
  ];
}
