import type { Project } from 'projen';
import { pinned } from '../versions.js';
import { WorkspacePackage } from '../workspace/workspace-package.js';

/** The kit's own libraries, apps and strategies; every service depends on core and runtime. */
export function addLibraryWorkspaces(project: Project): {
  core: WorkspacePackage;
  runtime: WorkspacePackage;
  persistence: WorkspacePackage;
  strategies: WorkspacePackage;
} {
  const core = new WorkspacePackage(project, {
    dir: 'packages/core',
    packageName: '@tradeforge/core',
    description: 'The trading domain: orders, risk, portfolio, strategy API, backtester, event contracts. No I/O.',
    kind: 'library',
    dependencies: pinned('zod'),
    devDependencies: pinned('fast-check'),
    // The domain is plain data and functions: no enums, namespaces or parameter properties.
    compilerOptions: { erasableSyntaxOnly: true },
  });
  const testInfra = new WorkspacePackage(project, {
    dir: 'packages/test-infra',
    packageName: '@tradeforge/test-infra',
    description:
      'Real dependencies for tests without Docker: Kafka from Maven Central jars, PostgreSQL and Redis from Debian packages.',
    kind: 'library',
  });
  const persistence = new WorkspacePackage(project, {
    dir: 'packages/persistence',
    packageName: '@tradeforge/persistence',
    description: 'Prisma 7 schema, migrations, repositories and the transactional outbox; PostgreSQL or PGlite.',
    kind: 'library',
    dependencies: pinned(
      '@prisma/client',
      '@prisma/adapter-pg',
      '@prisma/driver-adapter-utils',
      '@electric-sql/pglite',
      'pglite-prisma-adapter',
      'pg',
      // The outbox stores the writer's trace context with each message.
      '@opentelemetry/api',
    ),
    devDependencies: {
      ...pinned('prisma', '@prisma/schema-engine-wasm', '@types/pg'),
      [testInfra.packageName]: '*',
    },
  });
  const runtime = new WorkspacePackage(project, {
    dir: 'packages/runtime',
    packageName: '@tradeforge/runtime',
    description: 'What services share at run time: bootstrap, env config, health, event bus, logs, telemetry, Sentry.',
    kind: 'library',
    workspaceDependencies: [core, persistence],
    dependencies: pinned(
      '@nestjs/common',
      '@nestjs/core',
      '@nestjs/platform-express',
      'reflect-metadata',
      'rxjs',
      'zod',
      '@opentelemetry/api',
      '@opentelemetry/sdk-node',
      '@opentelemetry/sdk-trace',
      '@sentry/node',
      'kafkajs',
      'prom-client',
    ),
    // The bus tests run against a real Kafka (startKafka); test-infra is a workspace, declared by name.
    devDependencies: { '@tradeforge/test-infra': '*' },
    extraExports: {
      './testing': 'testing/index',
      './launcher': 'launcher/index',
      './distributed': 'distributed/index',
    },
  });
  const strategies = new WorkspacePackage(project, {
    dir: 'sample-strategies',
    packageName: '@tradeforge/sample-strategies',
    description: 'Sample strategies written against the strategy API of @tradeforge/core.',
    kind: 'library',
    workspaceDependencies: [core],
    devDependencies: pinned('fast-check'),
  });
  new WorkspacePackage(project, {
    dir: 'packages/backtest-cli',
    packageName: '@tradeforge/backtest-cli',
    description: 'npm run backtest and npm run bench:backtest: CSV and synthetic data, reports.',
    kind: 'app',
    workspaceDependencies: [core, strategies],
  });
  return { core, runtime, persistence, strategies };
}
