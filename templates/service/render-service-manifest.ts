import type { ResolvedPlatformConfig, ResolvedService } from '../config/resolve-config.js';

/** `src/generated/service-manifest.ts`: what the config says about this service, for the runtime. */
export function renderServiceManifest(platform: ResolvedPlatformConfig, service: ResolvedService): string[] {
  const manifest = {
    platform: platform.name,
    name: service.name,
    role: service.role,
    port: service.port,
    dependsOn: service.dependsOn,
  };
  return [
    "import type { ServiceManifest } from '@tradeforge/runtime';",
    '',
    `export const manifest: ServiceManifest = ${JSON.stringify(manifest, null, 2).replace(/"([a-zA-Z]+)":/g, '$1:')};`,
  ];
}
