import type { Project } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import type { WorkspacePackage } from '../workspace/workspace-package.js';

/** The facts from the config that services read at run time: risk limits, instruments, strategies, venues, services. */
export function renderPlatformSettings(platform: ResolvedPlatformConfig): string[] {
  const settings = {
    platform: platform.name,
    risk: platform.risk,
    instruments: platform.instruments,
    strategies: platform.strategies,
    services: platform.services.map((s) => ({
      name: s.name,
      role: s.role,
      port: s.port,
      dir: s.dir,
      dependsOn: s.dependsOn,
    })),
    venues: platform.venues.map((v) => ({
      id: v.id,
      enabled: v.enabled,
      credentialSecrets: v.credentialSecrets,
      baseUrl: v.baseUrl ?? null,
      streamUrl: v.streamUrl ?? null,
      reconcileEveryMs: v.reconcileEveryMs ?? null,
      startingCash: v.startingCash ?? null,
    })),
  };
  return [
    "import type { PlatformSettings } from '../platform-settings.js';",
    '',
    '/** From .projenrc.ts: risk limits, instruments and venues (docs/architecture/platform.md). */',
    `export const PLATFORM_SETTINGS: PlatformSettings = ${JSON.stringify(settings, null, 2)};`,
  ];
}

/** `packages/runtime/src/generated/platform-settings.ts`. */
export function addPlatformSettingsFile(
  project: Project,
  platform: ResolvedPlatformConfig,
  runtime: WorkspacePackage,
): void {
  new GeneratedTextFile(project, `${runtime.dir}/src/generated/platform-settings.ts`, {
    comment: '//',
    render: () => renderPlatformSettings(platform),
  });
}
