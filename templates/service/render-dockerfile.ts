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
 * root lockfile). Three stages: production dependencies, build, and a slim non-root runtime.
 * An extra CA certificate (TLS-inspecting proxies, corporate networks) can be handed in as the
 * build argument EXTRA_CA_CERT (PEM text); only the install stages see it, the runtime image
 * does not. A build argument rather than a BuildKit secret so the classic builder works too.
 */
export function renderDockerfile({ service, allWorkspaceDirs, buildDirs, nodeImage }: DockerfileInputs): string[] {
  const manifests = allWorkspaceDirs.map((dir) => `COPY ${dir}/package.json ${dir}/`);
  const install = (flags: string) =>
    'RUN if [ -s /tmp/extra-ca.crt ]; then export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.crt; fi; ' +
    `npm ci --ignore-scripts --no-audit --no-fund --workspace ${service.dir} ${flags}`;
  return [
    `# Build from the repository root: docker build -f ${service.dir}/Dockerfile [--build-arg EXTRA_CA_CERT="$(cat ca.pem)"] .`,
    '# The Node base comes from the config (images.node); docs/images.md explains official and local images.',
    `ARG NODE_IMAGE=${nodeImage}`,
    '',
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
    ...buildDirs.map((dir) => `COPY ${dir} ${dir}`),
    `RUN npx tsc -b ${service.dir}`,
    '',
    'FROM ${NODE_IMAGE} AS runtime',
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    'COPY --from=production-deps /app/node_modules node_modules',
    ...buildDirs.flatMap((dir) => [
      `COPY --from=build /app/${dir}/package.json ${dir}/`,
      `COPY --from=build /app/${dir}/dist ${dir}/dist`,
    ]),
    '# Run as an unprivileged user (uid 1000 is "node" in the official images).',
    'USER 1000:1000',
    `ENV PORT=${service.port}`,
    `EXPOSE ${service.port}`,
    'HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \\',
    `  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]`,
    `CMD ["node", "${service.dir}/dist/generated/main.js"]`,
  ];
}
