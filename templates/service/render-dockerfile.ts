import path from 'node:path';
import type { ResolvedService } from '../config/resolve-config.js';

export interface DockerfileInputs {
  readonly service: ResolvedService;
  /** Every workspace folder: npm ci needs each package.json the lockfile names. */
  readonly allWorkspaceDirs: readonly string[];
  /** Workspace folders this service's build needs (its dependencies first, then itself). */
  readonly buildDirs: readonly string[];
  /**
   * Default of `ARG NODE_IMAGE`: the config's Node image for its image source (`images.node`).
   * Builds can still pass `--build-arg NODE_IMAGE=…` (e.g. with `TRADEFORGE_IMAGES=local`).
   */
  readonly nodeImage: string;
}

/**
 * `services/<name>/Dockerfile`, built from the repository root (the workspace install needs the
 * root lockfile). The install and build stages are the same lines in every service's Dockerfile
 * (they install and compile every service), so Docker's layer cache, the classic builder's
 * included, runs them once and each further service image only adds its slim runtime stage:
 * building all services costs about one build instead of one per service. The runtime stage
 * takes the production dependencies of the services and the workspaces this service needs,
 * runs as a non-root user, and checks `/health`.
 * An extra CA certificate (TLS-inspecting proxies, corporate networks) can be handed in as the
 * build argument EXTRA_CA_CERT (PEM text); only the install stages see it, the runtime image
 * does not. A build argument rather than a BuildKit secret so the classic builder works too.
 */
export function renderDockerfile({ service, allWorkspaceDirs, buildDirs, nodeImage }: DockerfileInputs): string[] {
  const manifests = allWorkspaceDirs.map((dir) => `COPY ${dir}/package.json ${dir}/`);
  // Every service's workspace (the folders beside this one's): the shared stages serve them all.
  const serviceDirs = allWorkspaceDirs.filter((dir) => path.posix.dirname(dir) === path.posix.dirname(service.dir));
  const workspaces = serviceDirs.map((dir) => `--workspace ${dir}`).join(' ');
  const install = (flags: string) =>
    'RUN if [ -s /tmp/extra-ca.crt ]; then export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.crt; fi; ' +
    `npm ci --ignore-scripts --no-audit --no-fund ${workspaces} ${flags}`;
  return [
    `# Build from the repository root: docker build -f ${service.dir}/Dockerfile [--build-arg EXTRA_CA_CERT="$(cat ca.pem)"] .`,
    '# The Node base comes from the config (images.node); docs/images.md explains official and local images.',
    `ARG NODE_IMAGE=${nodeImage}`,
    '',
    "# Up to the runtime stage, every service's Dockerfile has these same lines: built once, cached for all.",
    'FROM ${NODE_IMAGE} AS manifests',
    'ARG EXTRA_CA_CERT=""',
    'RUN if [ -n "$EXTRA_CA_CERT" ]; then printf \'%s\\n\' "$EXTRA_CA_CERT" > /tmp/extra-ca.crt; fi',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    ...manifests,
    '',
    'FROM manifests AS production-deps',
    install('--omit=dev'),
    '',
    'FROM manifests AS build',
    install('--include-workspace-root'),
    'COPY tsconfig.base.json ./',
    ...allWorkspaceDirs.map((dir) => `COPY ${dir} ${dir}`),
    `RUN npx tsc -b ${serviceDirs.join(' ')}`,
    '',
    `# ${service.name} only from here.`,
    'FROM ${NODE_IMAGE} AS runtime',
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    'COPY --from=production-deps /app/node_modules node_modules',
    // Whole workspaces (compiled dist/ and sources): some read files beside their code at run
    // time, e.g. persistence its prisma/migrations, the gateway its dashboard's static files.
    ...buildDirs.map((dir) => `COPY --from=build /app/${dir} ${dir}`),
    '# Run as an unprivileged user (uid 1000 is "node" in the official images).',
    'USER 1000:1000',
    `ENV PORT=${service.port}`,
    `EXPOSE ${service.port}`,
    'HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \\',
    `  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]`,
    `CMD ["node", "${service.dir}/dist/generated/main.js"]`,
  ];
}
