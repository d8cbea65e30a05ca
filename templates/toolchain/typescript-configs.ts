import { JsonFile } from 'projen';
import type { Project } from 'projen';
import { SOURCE_CONDITION, WorkspacePackage } from '../workspace/workspace-package.js';

/**
 * `tsconfig.base.json` (shared compiler options: strict, ESM via nodenext, decorators for
 * NestJS), the root `tsconfig.json`, whose project references make `tsc -b` build every
 * workspace in dependency order, and `tsconfig.tests.json`, which type-checks every workspace's
 * tests against the sources (the builds compile `src/` only).
 */
export function addTypeScriptConfigs(project: Project): void {
  new JsonFile(project, 'tsconfig.base.json', {
    marker: true,
    allowComments: true,
    newline: true,
    obj: {
      compilerOptions: {
        target: 'es2024',
        lib: ['es2024'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['node'],
        strict: true,
        noUncheckedIndexedAccess: true,
        noImplicitOverride: true,
        noFallthroughCasesInSwitch: true,
        isolatedModules: true,
        verbatimModuleSyntax: true,
        // NestJS dependency injection reads constructor parameter types from decorator metadata.
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        composite: true,
        declaration: true,
        declarationMap: true,
        sourceMap: true,
        skipLibCheck: true,
        forceConsistentCasingInFileNames: true,
        resolveJsonModule: true,
      },
    },
  });
  new JsonFile(project, 'tsconfig.json', {
    marker: true,
    allowComments: true,
    newline: true,
    obj: () => ({
      files: [],
      references: WorkspacePackage.all(project).map((w) => ({ path: w.dir })),
    }),
  });
  new JsonFile(project, 'tsconfig.tests.json', {
    marker: true,
    allowComments: true,
    newline: true,
    obj: () => ({
      extends: './tsconfig.base.json',
      compilerOptions: { composite: false, noEmit: true, customConditions: [SOURCE_CONDITION] },
      // Plus the root's tsx scripts (start, token, benchmarks), which run from source too.
      include: [...WorkspacePackage.all(project).flatMap((w) => [`${w.dir}/src`, `${w.dir}/test`]), 'scripts', 'load'],
      // The k6 scripts run under k6, not Node: load/k6/tsconfig.json checks them against @types/k6.
      exclude: ['load/k6'],
    }),
  });
}
