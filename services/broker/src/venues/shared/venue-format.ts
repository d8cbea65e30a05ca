import { decimalsOf, roundToStep } from '@tradeforge/core';

/** A price or quantity as the exact decimal string a venue expects (no float noise, no exponent). */
export function formatStep(value: number, step: number): string {
  return roundToStep(value, step).toFixed(decimalsOf(step));
}
