import { describe, expect, it } from 'vitest';
import { VERSIONS } from '../versions.js';
import { MINIMAL_CONFIG, synthPlatform } from './synth-platform.js';

describe('the integration suites in the generated project', () => {
  const out = synthPlatform(MINIMAL_CONFIG);

  it('adds npm run test:integration, which runs the Docker-checking runner with the arguments given', () => {
    const tasks = out.json<{ tasks: Record<string, { steps: { exec: string; receiveArgs?: boolean }[] }> }>(
      '.projen/tasks.json',
    ).tasks;
    expect(tasks['test:integration']?.steps).toEqual([
      { exec: 'tsx test/integration/run-integration.ts', receiveArgs: true },
    ]);
  });

  it('pins testcontainers and its PostgreSQL module as root dev dependencies', () => {
    const pkg = out.json<{ devDependencies: Record<string, string> }>('package.json');
    expect(pkg.devDependencies.testcontainers).toBe(VERSIONS.testcontainers);
    expect(pkg.devDependencies['@testcontainers/postgresql']).toBe(VERSIONS['@testcontainers/postgresql']);
    expect(VERSIONS.testcontainers).toBe('12.2.0');
  });
});
