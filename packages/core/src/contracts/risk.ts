import { z } from 'zod';
import type { RiskDecision } from '../risk/risk-decision.js';
import type { TradingStateChanged } from '../risk/trading-state.js';
import { denialCode, header, id, timestamp, tradingState } from './primitives.js';

/** The risk service's verdict on one order command. */
export const riskDecisionSchema = z.discriminatedUnion('approved', [
  z.object({ ...header('risk.decision'), clientOrderId: id, ts: timestamp, approved: z.literal(true) }),
  z.object({
    ...header('risk.decision'),
    clientOrderId: id,
    ts: timestamp,
    approved: z.literal(false),
    code: denialCode,
    reason: z.string(),
  }),
]);
export type RiskDecisionMessage = z.infer<typeof riskDecisionSchema>;

export const tradingStateSchema: z.ZodType<TradingStateChanged> = z.object({
  ...header('risk.trading-state'),
  state: tradingState,
  reason: z.string(),
  ts: timestamp,
});

/** The bus message for a risk engine verdict on one order. */
export function toRiskDecisionMessage(clientOrderId: string, decision: RiskDecision, ts: number): RiskDecisionMessage {
  const base = { type: 'risk.decision', version: 1, clientOrderId, ts } as const;
  return decision.approved
    ? { ...base, approved: true }
    : { ...base, approved: false, code: decision.code, reason: decision.reason };
}
