import type { ResolvedPlatformConfig, ResolvedService } from '../config/resolve-config.js';

/** Label of the VS Code task that compiles one service (and what it references) before debugging. */
export function buildTaskLabel(service: ResolvedService): string {
  return `build ${service.name}`;
}

/** Name of a service's debug configuration in the Run and Debug view. */
export function launchName(service: ResolvedService): string {
  return `${service.name} (port ${service.port})`;
}

/**
 * `.vscode/launch.json`: one debug configuration per service (built first, started on its port
 * with source maps into every workspace), a compound that starts the whole platform, and one
 * that debugs the test file open in the editor.
 */
export function renderLaunchJson(
  platform: ResolvedPlatformConfig,
  libraryDirs: readonly string[],
): Record<string, unknown> {
  return {
    version: '0.2.0',
    configurations: [
      ...platform.services.map((s) => ({
        type: 'node',
        request: 'launch',
        name: launchName(s),
        preLaunchTask: buildTaskLabel(s),
        program: `\${workspaceFolder}/${s.dir}/dist/generated/main.js`,
        cwd: '${workspaceFolder}',
        env: { PORT: String(s.port), NODE_ENV: 'development' },
        sourceMaps: true,
        outFiles: [s.dir, ...libraryDirs].map((dir) => `\${workspaceFolder}/${dir}/dist/**/*.js`),
        skipFiles: ['<node_internals>/**'],
        console: 'integratedTerminal',
      })),
      {
        type: 'node',
        request: 'launch',
        name: 'vitest: current test file',
        program: '${workspaceFolder}/node_modules/vitest/vitest.mjs',
        args: ['run', '${relativeFile}'],
        cwd: '${workspaceFolder}',
        autoAttachChildProcesses: true,
        skipFiles: ['<node_internals>/**'],
        console: 'integratedTerminal',
      },
    ],
    compounds: [
      {
        name: `${platform.name}: every service`,
        configurations: platform.services.map(launchName),
        stopAll: true,
      },
    ],
  };
}

/** `.vscode/tasks.json`: the build task each service's debug configuration runs first. */
export function renderTasksJson(platform: ResolvedPlatformConfig): Record<string, unknown> {
  return {
    version: '2.0.0',
    tasks: platform.services.map((s) => ({
      label: buildTaskLabel(s),
      type: 'shell',
      command: `npx tsc -b ${s.dir}`,
      group: 'build',
      problemMatcher: ['$tsc'],
    })),
  };
}
