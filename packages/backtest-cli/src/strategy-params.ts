import type { StrategyDefinition } from '@tradeforge/core';

/**
 * Applies `--param` overrides to a strategy's defaults, refusing names the strategy does not have
 * and values of the wrong type, so a typo fails loudly instead of being ignored.
 */
export function resolveStrategyParams(
  definition: StrategyDefinition<object>,
  overrides: Readonly<Record<string, number | boolean | string>>,
): { ok: true; params: Record<string, unknown> } | { ok: false; error: string } {
  const defaults = definition.defaults as Record<string, unknown>;
  const params: Record<string, unknown> = { ...defaults };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in defaults)) {
      return {
        ok: false,
        error: `strategy ${definition.name} has no parameter "${name}"; allowed values: ${Object.keys(defaults).join(', ')}`,
      };
    }
    if (typeof value !== typeof defaults[name]) {
      return {
        ok: false,
        error: `parameter ${name} of ${definition.name} must be a ${typeof defaults[name]}, got "${String(value)}"`,
      };
    }
    params[name] = value;
  }
  return { ok: true, params };
}
