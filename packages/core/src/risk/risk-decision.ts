import type { DenialCode } from './denial-codes.js';

export type RiskDecision =
  { readonly approved: true } | { readonly approved: false; readonly code: DenialCode; readonly reason: string };

export const APPROVED: RiskDecision = { approved: true };

export function deny(code: DenialCode, reason: string): RiskDecision {
  return { approved: false, code, reason };
}
