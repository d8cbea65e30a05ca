import { InvalidConfigError } from './config/config-error.js';
import type { PlatformConfig } from './config/platform-config.js';
import { resolvePlatformConfig } from './config/resolve-config.js';
import { TradeForgeProject } from './project/tradeforge-project.js';

/**
 * The entry point `.projenrc.ts` calls: validate the config, then generate the monorepo.
 * An invalid config prints every problem with its field path and exits 1 before anything is
 * written, so a typo never leaves a half-generated tree.
 */
export function definePlatform(config: PlatformConfig): void {
  let project: TradeForgeProject;
  try {
    project = new TradeForgeProject({ platform: resolvePlatformConfig(config) });
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  project.synth();
}
