/**
 * Every third-party package the generated monorepo uses, pinned to an exact version in one
 * place. Workspace package.json files, Dockerfiles and the root toolchain all read from here,
 * so an upgrade is one edit and one `npx projen`. Why each was chosen: README, "Dependencies".
 */
export const VERSIONS = {
  // Node runtime targeted everywhere (engines, .nvmrc, Dockerfiles, CI).
  node: '24.21.0',
  nodeMajor: '24',

  // Generator and toolchain (root devDependencies).
  projen: '0.103.25',
  // cdktn 0.24 and its providers accept constructs >=10.6 <10.8; one copy serves projen and the infra app.
  constructs: '10.7.2',
  tsx: '4.23.15',
  typescript: '6.0.3',
  '@types/node': '24.19.2',
  vitest: '5.1.1',
  '@vitest/coverage-v8': '5.1.1',
  // Load generator of npm run bench:orders and npm run load (k6 runs in users' CI; k6 is AGPL, not installed here).
  autocannon: '9.0.0',
  '@types/autocannon': '7.12.7',
  // Types of the generated k6 scripts in load/k6 (their own tsconfig); k6 itself runs only in CI.
  '@types/k6': '2.3.0',
  // Integration suites on real containers (test/integration); Ryuk is disabled there, teardown stops everything.
  testcontainers: '12.2.0',
  '@testcontainers/postgresql': '12.2.0',
  // Reads the generated compose files, so the integration harness runs each container as compose would.
  yaml: '2.9.1',
  'playwright-core': '1.65.1', // drives Debian's chromium in the dashboard browser test; downloads no browser
  'unplugin-swc': '2.0.0',
  '@swc/core': '1.16.22',
  eslint: '10.15.0',
  '@eslint/js': '10.0.1',
  'typescript-eslint': '8.73.0',
  'eslint-config-prettier': '10.1.8',
  globals: '17.14.0',
  prettier: '3.10.1',
  husky: '9.1.7',
  'lint-staged': '17.6.1',
  '@commitlint/cli': '21.2.4',
  '@commitlint/config-conventional': '21.2.4',

  // Service runtime.
  '@nestjs/common': '12.5.1',
  '@nestjs/core': '12.5.1',
  '@nestjs/platform-express': '12.5.1',
  '@nestjs/testing': '12.1.1',
  'reflect-metadata': '0.2.2',
  rxjs: '7.8.2',
  zod: '4.6.7',
  '@opentelemetry/api': '1.10.0',
  '@opentelemetry/sdk-node': '0.301.0',
  '@sentry/node': '11.12.0',
  // The tracing SDK's span processors and in-memory exporter; the exact version sdk-node pulls in.
  '@opentelemetry/sdk-trace': '3.1.0',
  // The standard Node Prometheus client: /metrics on every service.
  'prom-client': '15.1.3',
  // Kafka client the user named; in maintenance since 2023, so it stays behind the EventBus interface.
  kafkajs: '2.2.4',

  // API gateway (role 'gateway'): JWT verification and signing, OpenAPI + Swagger UI, the
  // WebSocket stream, and Redis for shared rate limits and stream fan-out in distributed mode.
  jose: '6.2.18',
  '@nestjs/swagger': '12.0.2',
  ws: '8.23.0',
  '@types/ws': '8.18.2',
  redis: '6.3.1',

  // Persistence: Prisma 7 with driver adapters (PostgreSQL via pg, PGlite in-process).
  prisma: '7.10.0',
  '@prisma/client': '7.10.0',
  '@prisma/adapter-pg': '7.10.0',
  '@prisma/driver-adapter-utils': '7.10.0',
  // Prisma's schema engine as WebAssembly, the build prisma 7.10.0 itself uses (its engines version):
  // migrations are diffed against PGlite, so no native engine is downloaded.
  '@prisma/schema-engine-wasm': '7.10.0-4.0edf323efd1d98336f3f0a68684b56f689b900d3',
  '@electric-sql/pglite': '0.5.16',
  'pglite-prisma-adapter': '0.7.2',
  // Migrations run through pg directly (the adapter splits scripts on ';'); the same pg as @prisma/adapter-pg's.
  pg: '8.23.1',
  '@types/pg': '8.23.1',

  // Infrastructure (CDK Terrain, the maintained continuation of CDKTF).
  cdktn: '0.24.0',
  'cdktn-cli': '0.24.0',
  '@cdktn/provider-aws': '25.7.0',
  '@cdktn/provider-random': '15.0.1',

  // Domain tests.
  'fast-check': '4.10.2',

  // Dev container and workflow proofs (npm run devcontainer:validate|build).
  '@devcontainers/cli': '0.89.0',
  ajv: '8.20.0',

  // Infrastructure images: the official images' tags, and what `npm run images:build` builds
  // locally (the Kafka version must match packages/test-infra/kafka/pom.xml, whose jars it uses).
  postgresMajor: '17',
  redisMajor: '7',
  kafka: '4.2.2',
  // npm inside the locally built Node image (the official node images bundle their own).
  npm: '11.21.2',
  // The compose observability profile's images (official only, no local build).
  otelCollector: '0.116.1',
  jaeger: '2.5.0',
  prometheus: '3.2.1',
  grafana: '11.5.2',

  // Python tools, installed by the scripts that use them into a cached virtualenv.
  checkov: '3.3.30',
  // Go tools, installed by the scripts that use them with `go install` into a cache folder.
  actionlint: '1.7.12',
  // The docker compose plugin, built from the Go module proxy by scripts/ensure-compose.sh
  // (Debian's docker.io has none). 2.40: v5 needs a module the proxy does not serve.
  compose: '2.40.3',
} as const;

export type PackageName = Exclude<
  keyof typeof VERSIONS,
  | 'node'
  | 'nodeMajor'
  | 'checkov'
  | 'actionlint'
  | 'postgresMajor'
  | 'redisMajor'
  | 'kafka'
  | 'npm'
  | 'otelCollector'
  | 'jaeger'
  | 'prometheus'
  | 'grafana'
  | 'compose'
>;

/** `{ name: version }` for the given packages, ready for a package.json dependency block. */
export function pinned(...names: PackageName[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, VERSIONS[name]]));
}
