import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/** The full flow first, on the fresh stack; the fault suite after it. */
class FullFlowFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => (file.moduleId.endsWith('full-flow.test.ts') ? 0 : 1);
    return Promise.resolve([...files].sort((a, b) => rank(a) - rank(b)));
  }
}

/**
 * The Testcontainers suites (`npm run test:integration`): one containerized stack, started by
 * the global setup, shared by the full-flow and fault suites, which run one file at a time.
 * Not part of `npm test`, whose suites need no Docker.
 */
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    root: path.resolve(import.meta.dirname, '../..'),
    include: ['test/integration/**/*.test.ts'],
    globalSetup: ['test/integration/harness/global-setup.ts'],
    // Image builds, a stack on 2 cores, and a thousand orders per fault case.
    testTimeout: 10 * 60_000,
    hookTimeout: 25 * 60_000,
    fileParallelism: false,
    sequence: { shuffle: false, sequencer: FullFlowFirst },
  },
});
