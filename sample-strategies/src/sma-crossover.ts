import { Sma, orderTargetPosition, quantityForEquityFraction } from '@tradeforge/core';
import type { Bar, Strategy, StrategyContext, StrategyDefinition } from '@tradeforge/core';

export interface SmaCrossoverParams {
  /** Bars in the fast average. */
  readonly fast: number;
  /** Bars in the slow average. */
  readonly slow: number;
  /** Share of equity to put into a position. */
  readonly allocation: number;
  /** Go short on a downward cross instead of only going flat. */
  readonly allowShort: boolean;
}

/**
 * Trend following: long when the fast SMA crosses above the slow one, flat (or short) when it
 * crosses below. Trades only on crosses, never on the first reading.
 */
export class SmaCrossover implements Strategy {
  readonly id: string;
  private readonly params: SmaCrossoverParams & { readonly instrumentId: string };
  private readonly fast: Sma;
  private readonly slow: Sma;
  /** +1 fast above slow, -1 below, 0 before both averages are ready. */
  private regime = 0;
  /** Crosses seen so far: the benchmark compares it with a bare loop over the same data. */
  signals = 0;
  private rebalancePending = false;

  constructor(params: SmaCrossoverParams & { readonly instrumentId: string }, id = 'sma-crossover') {
    if (!(params.fast < params.slow))
      throw new Error(`sma-crossover: fast (${params.fast}) must be shorter than slow (${params.slow})`);
    this.id = id;
    this.params = params;
    this.fast = new Sma(params.fast);
    this.slow = new Sma(params.slow);
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const close = bar.close;
    const fast = this.fast.update(close);
    const slow = this.slow.update(close);
    if (this.slow.ready && fast !== slow) {
      const regime = fast > slow ? 1 : -1;
      if (regime !== this.regime) this.changeRegime(regime);
    }
    // Only the close is passed on: the bar object then need not outlive this call.
    if (this.rebalancePending) this.rebalance(close, ctx);
  }

  /**
   * The rare part of onBar, kept out of it so onBar stays small enough for the backtest loop to
   * inline: a new regime is a cross unless it is the first reading, and a cross asks for a
   * rebalance.
   */
  private changeRegime(regime: 1 | -1): void {
    const isCross = this.regime !== 0;
    this.regime = regime;
    if (isCross) {
      this.signals += 1;
      this.rebalancePending = true;
    }
  }

  /**
   * Moves the position to where the current regime wants it. If an earlier order is still
   * working, it waits for the next bar instead of stacking a second order on top.
   */
  private rebalance(close: number, ctx: StrategyContext): void {
    const { instrumentId, allocation, allowShort } = this.params;
    if (ctx.openOrders(instrumentId).length > 0) return;
    this.rebalancePending = false;
    const size = quantityForEquityFraction(ctx, instrumentId, allocation, close);
    const target = this.regime > 0 ? size : allowShort ? -size : 0;
    orderTargetPosition(ctx, instrumentId, target, { tag: this.regime > 0 ? 'cross-up' : 'cross-down' });
  }
}

export const smaCrossover: StrategyDefinition<SmaCrossoverParams> = {
  name: 'sma-crossover',
  description: 'Long when the fast SMA crosses above the slow SMA, flat (or short) when it crosses below.',
  defaults: { fast: 10, slow: 30, allocation: 0.95, allowShort: false },
  create: (params) => new SmaCrossover(params),
};
