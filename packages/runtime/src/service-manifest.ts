/** Infrastructure a service can depend on (mirrors the platform config's `dependsOn`). */
export type ServiceDependency = 'database' | 'bus' | 'cache';

/** What the platform config says about one service; generated into `src/generated/service-manifest.ts`. */
export interface ServiceManifest {
  /** The platform's name (config `name`). */
  readonly platform: string;
  readonly name: string;
  readonly role: string;
  /** Default HTTP port; the `PORT` environment variable overrides it. */
  readonly port: number;
  readonly dependsOn: readonly ServiceDependency[];
}
