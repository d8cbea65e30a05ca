import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The compose stack proof (`npm run stack:proof`): Docker, image builds and a whole stack, so it
 * runs on its own and not in `npm test`, whose suites need no Docker.
 */
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    root: path.resolve(import.meta.dirname, '../..'),
    include: ['test/stack/**/*.test.ts'],
    // Building the service images and waiting for every health check takes minutes on 2 cores.
    testTimeout: 20 * 60_000,
    hookTimeout: 25 * 60_000,
    fileParallelism: false,
  },
});
