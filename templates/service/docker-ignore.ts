import type { Project } from 'projen';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';

/**
 * `.dockerignore` at the repository root, the build context of every service image: local
 * installs and build output never enter an image (the Dockerfiles install and build inside).
 */
export function addDockerIgnore(project: Project): void {
  new GeneratedTextFile(project, '.dockerignore', {
    comment: '#',
    // .cache: tool caches (checkov's virtualenv, hundreds of MB) would otherwise be sent with every build.
    render: () => [
      '**/node_modules',
      '**/dist',
      '**/*.tsbuildinfo',
      '.git',
      '.cache',
      'coverage',
      'reports',
      'infra/cdktf.out',
    ],
  });
}
