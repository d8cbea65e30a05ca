/** The parts of the Compose specification the generated files use (compose-spec.io). */

/** A health check; `test` is `["CMD", …]` (exec form) or `["CMD-SHELL", "…"]`. */
export interface ComposeHealthcheck {
  readonly test: readonly string[];
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly start_period?: string;
}

export interface ComposeBuild {
  /** Relative to the compose file's folder (the project directory). */
  readonly context: string;
  /** Relative to the context. */
  readonly dockerfile: string;
  readonly args?: Readonly<Record<string, string>>;
}

/** `depends_on` entry: start after the other service is healthy (or merely started). */
export interface ComposeDependency {
  readonly condition: 'service_healthy' | 'service_started' | 'service_completed_successfully';
}

export interface ComposeService {
  readonly image?: string;
  readonly build?: ComposeBuild;
  /** Profiles that enable the service; without any it always runs. */
  readonly profiles?: readonly string[];
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  /** `host-ip:host-port:container-port`. */
  readonly ports?: readonly string[];
  /** `volume:/path` or `./relative/file:/path[:ro]`. */
  readonly volumes?: readonly string[];
  readonly depends_on?: Readonly<Record<string, ComposeDependency>>;
  readonly healthcheck?: ComposeHealthcheck;
  readonly restart?: string;
}

/** One compose file. Several are merged with `docker compose -f a.yml -f b.yml`. */
export interface ComposeFile {
  /** Project name (containers, network and volumes are prefixed with it); `-p` overrides it. */
  readonly name: string;
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, Record<string, never>>>;
}
