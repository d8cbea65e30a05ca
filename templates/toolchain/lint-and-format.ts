import { JsonFile } from 'projen';
import type { javascript } from 'projen';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';

/** Folders no tool should lint or format: build output, reports, generated state. */
const IGNORED = [
  '.cache/**',
  '**/dist/**',
  '**/node_modules/**',
  '**/coverage/**',
  '**/.terraform/**',
  '**/cdktf.out/**',
  'reports/**',
  // The Prisma client, written by `prisma generate` and checked for drift by a test.
  '**/src/generated/prisma/**',
];

/** ESLint (flat config, typescript-eslint), Prettier, and lint-staged for the pre-commit hook. */
export function addLintAndFormat(project: javascript.NodeProject): void {
  new GeneratedTextFile(project, 'eslint.config.mjs', {
    comment: '//',
    render: () => [
      "import js from '@eslint/js';",
      "import prettier from 'eslint-config-prettier';",
      "import globals from 'globals';",
      "import tseslint from 'typescript-eslint';",
      '',
      'export default tseslint.config(',
      `  { ignores: ${JSON.stringify(IGNORED)} },`,
      '  js.configs.recommended,',
      '  ...tseslint.configs.recommended,',
      '  prettier,',
      '  {',
      '    languageOptions: { globals: { ...globals.node } },',
      '    rules: {',
      "      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],",
      "      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],",
      '    },',
      '  },',
      '  {',
      '    // NestJS injects constructor parameters by their runtime class: those imports must stay values.',
      "    files: ['services/**/*.ts', 'packages/runtime/**/*.ts'],",
      "    rules: { '@typescript-eslint/consistent-type-imports': 'off' },",
      '  },',
      ');',
    ],
  });
  new JsonFile(project, '.prettierrc.json', {
    marker: false,
    newline: true,
    obj: { singleQuote: true, printWidth: 120, trailingComma: 'all' },
  });
  // Generated files keep projen's formatting: reformatting them would show up as drift.
  new GeneratedTextFile(project, '.prettierignore', {
    comment: '#',
    render: () => [...IGNORED, 'package-lock.json', ...project.files.map((file) => file.path).sort()],
  });
  project.package.addField('lint-staged', {
    '*.{ts,mts,mjs,js}': ['eslint --fix --no-warn-ignored', 'prettier --write'],
    '*.{json,md,yml,yaml}': ['prettier --write'],
  });
}
