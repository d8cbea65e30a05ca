import { Testing } from '../../src/engine.js';
import type { EnvironmentStack } from '../../src/environment-stack.js';
import { platform as generatedPlatform } from '../../src/generated/platform.js';
import { addPlatformStacks } from '../../src/infra-app.js';
import type { InfraPlatformConfig } from '../../src/platform-config.js';

/** A fixed synthesis time, so ephemeral `ttl` tags (and snapshots) do not move. */
export const SYNTH_TIME = new Date('2026-01-15T10:30:00Z');
export const EPHEMERAL = 'pr-123';

export type TerraformJson = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider: Record<string, Record<string, unknown>[]>;
  terraform: { backend?: Record<string, Record<string, unknown>> };
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, unknown>;
};

/** Synthesizes every stack of a platform config; returns each environment's Terraform JSON by name. */
export function synthAll(
  platform: InfraPlatformConfig = generatedPlatform,
  ephemeral: string | null = EPHEMERAL,
): Map<string, TerraformJson> {
  const app = Testing.app();
  const stacks: EnvironmentStack[] = addPlatformStacks(app, platform, {
    ephemeral: ephemeral ?? undefined,
    now: SYNTH_TIME,
    env: {},
  });
  return new Map(stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as TerraformJson]));
}

/** The resources of one type, by their logical id. */
export function resources(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

export function resourceList(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(resources(json, type));
}

/** The one resource of a type whose logical id contains `idPart`. */
export function resourceNamed(json: TerraformJson, type: string, idPart: string): Record<string, unknown> {
  const matches = Object.entries(resources(json, type)).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} with "${idPart}" in its id, found ${matches.map(([id]) => id).join(', ') || 'none'}`,
    );
  }
  return matches[0]![1];
}

/** The platform config with changes, as a team would make them in `.projenrc.ts`. */
export function withConfig(change: (platform: InfraPlatformConfig) => InfraPlatformConfig): InfraPlatformConfig {
  return change(structuredClone(generatedPlatform) as InfraPlatformConfig);
}

export { generatedPlatform };
