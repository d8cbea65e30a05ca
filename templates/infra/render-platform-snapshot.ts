import type { ResolvedEnvironment, ResolvedPlatformConfig } from '../config/resolve-config.js';

/**
 * `infra/src/generated/platform.ts`: the part of the resolved config the stacks read, as a typed
 * constant. The interface it satisfies is hand-written in `infra/src/platform-config.ts`, so a
 * mismatch between generator and stacks fails `tsc -b`.
 */
export function renderPlatformSnapshot(platform: ResolvedPlatformConfig): string[] {
  const snapshot = {
    name: platform.name,
    owner: platform.owner,
    services: platform.services.map((s) => ({ name: s.name, role: s.role, port: s.port, dependsOn: s.dependsOn })),
    venues: platform.venues.map((v) => ({ id: v.id, enabled: v.enabled, credentialSecrets: v.credentialSecrets })),
    bus: { topicPrefix: platform.bus.topicPrefix, partitions: platform.bus.partitions },
    environments: platform.environments.map(environmentSnapshot),
    ephemeralEnvironment: environmentSnapshot(platform.ephemeralEnvironment),
  };
  return [
    "import type { InfraPlatformConfig } from '../platform-config.js';",
    '',
    '/** The platform as `.projenrc.ts` describes it, with every default applied. */',
    `export const platform: InfraPlatformConfig = ${JSON.stringify(snapshot, null, 2)};`,
  ];
}

function environmentSnapshot(env: ResolvedEnvironment): Record<string, unknown> {
  const { certificateArn, ttlHours, ...aws } = env.aws;
  // JSON has no undefined: absent optional settings become null, which the stacks read as "not set".
  return { ...env, aws: { ...aws, certificateArn: certificateArn ?? null, ttlHours: ttlHours ?? null } };
}
