import type { javascript } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { SOURCE_CONDITION } from '../workspace/workspace-package.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';

/**
 * `scripts/start-platform.ts` and the `start` task: builds the workspaces, then starts every
 * configured service on this machine, waits for their health checks and stops them all on Ctrl-C.
 */
export function addPlatformLauncher(project: javascript.NodeProject, platform: ResolvedPlatformConfig): void {
  new GeneratedTextFile(project, 'scripts/start-platform.ts', {
    comment: '//',
    render: () => [
      "import { startPlatform } from '@tradeforge/runtime/launcher';",
      '',
      'const services = [',
      ...platform.services.map((s) => `  { name: '${s.name}', dir: '${s.dir}', port: ${s.port} },`),
      '];',
      '',
      `process.exitCode = await startPlatform({ platform: '${platform.name}', services, args: process.argv.slice(2) });`,
    ],
  });
  project.addTask('start', {
    description: 'Build, then run every service of the platform on this machine (Ctrl-C stops it)',
    exec: `tsx --conditions=${SOURCE_CONDITION} scripts/start-platform.ts`,
    receiveArgs: true,
  });
}
