import { z } from 'zod';
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
