/**
 * The risk engine's master switch. ACTIVE: everything passes the other checks. REDUCING: only
 * orders that shrink a position. HALTED: no new orders. Cancels always pass, so a halt can never
 * trap working orders at the venue.
 */
export const TradingState = { Active: 'ACTIVE', Reducing: 'REDUCING', Halted: 'HALTED' } as const;
export type TradingState = (typeof TradingState)[keyof typeof TradingState];

export interface TradingStateChanged {
  readonly type: 'risk.trading-state';
  readonly version: 1;
  readonly state: TradingState;
  readonly reason: string;
  readonly ts: number;
}
