import type { App } from './engine.js';
import { EnvironmentStack } from './environment-stack.js';
import type { InfraEnvironment, InfraPlatformConfig } from './platform-config.js';
import { stateBackendSettings } from './state-backend.js';
import { StateBootstrapStack } from './state-bootstrap-stack.js';

export interface InfraAppOptions {
  /** Name of an ephemeral environment to add, e.g. `pr-123` (from `EPHEMERAL_ENV`). */
  readonly ephemeral?: string;
  /** Synthesis time, for ephemeral environments' `ttl` tags. */
  readonly now?: Date;
  /** Process environment (state backend overrides). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Raised when an ephemeral environment's name does not fit the config's template. */
export class InvalidEnvironmentNameError extends Error {
  override name = 'InvalidEnvironmentNameError';
}

/**
 * Adds every stack of the platform to `app`: the state bootstrap stack, one stack per
 * long-lived environment and, when asked, one ephemeral environment made from the template.
 */
export function addPlatformStacks(
  app: App,
  platform: InfraPlatformConfig,
  options: InfraAppOptions = {},
): EnvironmentStack[] {
  const stateBackend = stateBackendSettings(platform, options.env);
  const now = options.now ?? new Date();
  new StateBootstrapStack(app, platform, stateBackend);
  const environments = [...platform.environments];
  if (options.ephemeral !== undefined && !environments.some((e) => e.name === options.ephemeral)) {
    environments.push(ephemeralEnvironment(platform, options.ephemeral));
  }
  return environments.map((environment) => new EnvironmentStack(app, { platform, environment, stateBackend, now }));
}

/** The ephemeral template under a concrete name such as `pr-123`. */
export function ephemeralEnvironment(platform: InfraPlatformConfig, name: string): InfraEnvironment {
  const template = platform.ephemeralEnvironment;
  if (!new RegExp(`^${template.name}-[1-9][0-9]{0,5}$`).test(name)) {
    throw new InvalidEnvironmentNameError(
      `EPHEMERAL_ENV=${JSON.stringify(name)} is not an ephemeral environment name: use "${template.name}-<number>" ` +
        `(1 to 6 digits, e.g. "${template.name}-123"), or one of the configured environments: ` +
        platform.environments.map((e) => `"${e.name}"`).join(', '),
    );
  }
  return { ...template, name };
}
