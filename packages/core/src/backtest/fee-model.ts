import type { Liquidity } from '../model/order-events.js';

/** Fee charged for one fill, in quote currency (negative = rebate). */
export interface FeeModel {
  fee(notional: number, liquidity: Liquidity): number;
}

/**
 * Percentage-of-notional fees with separate maker and taker rates, as most crypto and many equity
 * venues charge. Rates are fractions: 0.001 = 10 bps.
 */
export class RateFeeModel implements FeeModel {
  private readonly makerRate: number;
  private readonly takerRate: number;

  constructor(makerRate: number, takerRate: number) {
    this.makerRate = makerRate;
    this.takerRate = takerRate;
  }

  fee(notional: number, liquidity: Liquidity): number {
    return notional * (liquidity === 'MAKER' ? this.makerRate : this.takerRate);
  }
}
