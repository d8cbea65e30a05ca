import type { Project } from 'projen';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import { SOURCE_CONDITION, WorkspacePackage } from '../workspace/workspace-package.js';

/**
 * `vitest.config.ts`: one test run over every workspace and the generator, each a vitest
 * project named after its folder (`npx vitest run --project services/order`). SWC compiles the
 * tests so NestJS decorator metadata works; workspace libraries resolve to their source.
 */
export function addVitestConfig(project: Project): void {
  new GeneratedTextFile(project, 'vitest.config.ts', {
    comment: '//',
    render: () => {
      const projects = ['templates', ...WorkspacePackage.all(project).map((w) => w.dir)];
      return [
        "import swc from 'unplugin-swc';",
        "import { defineConfig } from 'vitest/config';",
        '',
        'const shared = {',
        '  plugins: [swc.vite({ jsc: { parser: { syntax: "typescript", decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } })],',
        `  resolve: { conditions: ['${SOURCE_CONDITION}'] },`,
        `  ssr: { resolve: { conditions: ['${SOURCE_CONDITION}'] } },`,
        '};',
        '',
        'export default defineConfig({',
        '  test: {',
        '    projects: [',
        ...projects.map(
          (dir) =>
            `      { ...shared, test: { name: '${dir}', root: './${dir}', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },`,
        ),
        '    ],',
        '  },',
        '});',
      ];
    },
  });
}
