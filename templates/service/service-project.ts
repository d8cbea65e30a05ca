import { Component, SampleFile } from 'projen';
import type { Project } from 'projen';
import type { ResolvedPlatformConfig, ResolvedService } from '../config/resolve-config.js';
import { pinned } from '../versions.js';
import type { PackageName } from '../versions.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import { WorkspacePackage } from '../workspace/workspace-package.js';
import { renderAppModule } from './render-app-module.js';
import { renderDockerfile } from './render-dockerfile.js';
import { renderHealthTest } from './render-health-test.js';
import { renderServiceMain } from './render-service-main.js';
import { renderServiceManifest } from './render-service-manifest.js';

/**
 * Third-party packages only a service of this role needs, on top of the NestJS runtime every
 * service has (one line per role; versions in `templates/versions.ts`).
 */
const ROLE_DEPENDENCIES: Readonly<Record<string, readonly PackageName[]>> = {
  // JWT auth (jose), OpenAPI + Swagger UI, the WebSocket stream (ws), shared rate limits and
  // stream fan-out across replicas (redis): docs/architecture/gateway.md.
  gateway: ['jose', '@nestjs/swagger', 'ws', 'redis'],
  // The trading state (kill switch) outlives a restart in Redis (distributed mode).
  risk: ['redis'],
  // The Creon bridge contract's request and answer schemas (services/broker/src/venues/creon/);
  // the mock venues' WebSocket market-data servers (ws; the adapters use Node's own WebSocket).
  broker: ['zod', 'ws'],
};

/** Type packages only a service of this role needs at build time. */
const ROLE_DEV_DEPENDENCIES: Readonly<Record<string, readonly PackageName[]>> = {
  // pg: the distributed-mode suite reads the order rows back from PostgreSQL.
  gateway: ['@types/ws', 'pg', '@types/pg'],
  broker: ['@types/ws'],
};

/** Workspaces a role's tests use: real Kafka, PostgreSQL and Redis processes. */
const ROLE_TEST_WORKSPACES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  gateway: { '@tradeforge/test-infra': '*' },
  // The trading state survives a restart in a real Redis.
  risk: { '@tradeforge/test-infra': '*' },
};

export interface ServiceProjectOptions {
  readonly platform: ResolvedPlatformConfig;
  readonly service: ResolvedService;
  /** The shared runtime library every service imports. */
  readonly runtime: WorkspacePackage;
  /** The trading domain. */
  readonly core: WorkspacePackage;
  /** Repositories and outbox, for services that declare the `database` dependency. */
  readonly persistence: WorkspacePackage;
  /** The sample strategies, which a `strategy` service runs. */
  readonly strategies: WorkspacePackage;
}

/**
 * One NestJS service of the platform. Generated and read-only: package.json, tsconfig.json,
 * Dockerfile, `src/generated/*` and the health test. Written once and owned by the team:
 * `src/app.module.ts`. Removing the service from the config removes every generated file; the
 * team's own files stay (projen prints a notice).
 */
export class ServiceProject extends Component {
  static all(project: Project): ServiceProject[] {
    return project.components.filter((c): c is ServiceProject => c instanceof ServiceProject);
  }

  readonly service: ResolvedService;
  readonly workspace: WorkspacePackage;

  constructor(project: Project, options: ServiceProjectOptions) {
    super(project, `service:${options.service.name}`);
    const { platform, service, runtime, core, persistence, strategies } = options;
    this.service = service;
    const dir = service.dir;

    this.workspace = new WorkspacePackage(project, {
      dir,
      packageName: service.packageName,
      description: service.description,
      kind: 'app',
      workspaceDependencies: [
        core,
        ...(service.dependsOn.includes('database') ? [persistence] : []),
        runtime,
        ...(service.role === 'strategy' ? [strategies] : []),
      ],
      dependencies: {
        ...pinned('@nestjs/common', '@nestjs/core', '@nestjs/platform-express', 'reflect-metadata', 'rxjs'),
        ...pinned(...(ROLE_DEPENDENCIES[service.role] ?? [])),
      },
      devDependencies: {
        ...pinned(...(ROLE_DEV_DEPENDENCIES[service.role] ?? [])),
        ...ROLE_TEST_WORKSPACES[service.role],
      },
      scripts: { start: 'node dist/generated/main.js' },
    });
    new GeneratedTextFile(project, `${dir}/src/generated/service-manifest.ts`, {
      comment: '//',
      render: () => renderServiceManifest(platform, service),
    });
    new GeneratedTextFile(project, `${dir}/src/generated/main.ts`, { comment: '//', render: renderServiceMain });
    new GeneratedTextFile(project, `${dir}/test/health.test.ts`, {
      comment: '//',
      render: () => renderHealthTest(service),
    });
    new GeneratedTextFile(project, `${dir}/Dockerfile`, {
      comment: '#',
      render: () =>
        renderDockerfile({
          service,
          allWorkspaceDirs: WorkspacePackage.all(project).map((w) => w.dir),
          buildDirs: WorkspacePackage.closure(this.workspace).map((w) => w.dir),
          nodeImage: platform.images.node.name,
        }),
    });
    new SampleFile(project, `${dir}/src/app.module.ts`, { contents: renderAppModule(service) });
  }
}
