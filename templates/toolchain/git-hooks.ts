import type { javascript } from 'projen';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';

/**
 * husky hooks: `pre-commit` formats and lints staged files (lint-staged); `commit-msg` enforces
 * conventional commits (commitlint). `npm install` activates them through the `prepare` script.
 */
export function addGitHooks(project: javascript.NodeProject): void {
  project.package.setScript('prepare', 'husky');
  const hook = (command: string) => ({ comment: '#' as const, executable: true, render: () => [command] });
  new GeneratedTextFile(project, '.husky/pre-commit', hook('npx --no-install lint-staged'));
  new GeneratedTextFile(project, '.husky/commit-msg', hook('npx --no-install commitlint --edit "$1"'));
  new GeneratedTextFile(project, 'commitlint.config.mjs', {
    comment: '//',
    render: () => ["export default { extends: ['@commitlint/config-conventional'] };"],
  });
}
