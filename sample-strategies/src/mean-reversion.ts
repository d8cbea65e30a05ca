import { Bollinger, orderTargetPosition, quantityForEquityFraction } from '@tradeforge/core';
import type { Bar, Strategy, StrategyContext, StrategyDefinition } from '@tradeforge/core';

export interface MeanReversionParams {
  /** Bars in the rolling mean and standard deviation. */
  readonly period: number;
  /** Enter when the close is this many standard deviations from the mean. */
  readonly entryZ: number;
  /** Exit when the z-score comes back inside this band. */
  readonly exitZ: number;
  /** Share of equity to put into a position. */
  readonly allocation: number;
  /** Also sell stretches above the mean short. */
  readonly allowShort: boolean;
}

/**
 * Mean reversion on the Bollinger z-score: buy when the close is stretched `entryZ` standard
 * deviations below its rolling mean, exit when it returns to within `exitZ`. With `allowShort`
 * it mirrors the rule above the mean.
 */
export class MeanReversion implements Strategy {
  readonly id: string;
  private readonly params: MeanReversionParams & { readonly instrumentId: string };
  private readonly bands: Bollinger;

  constructor(params: MeanReversionParams & { readonly instrumentId: string }, id = 'mean-reversion') {
    if (!(params.exitZ < params.entryZ))
      throw new Error(`mean-reversion: exitZ (${params.exitZ}) must be below entryZ (${params.entryZ})`);
    this.id = id;
    this.params = params;
    this.bands = new Bollinger(params.period, params.entryZ);
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    this.bands.update(bar.close);
    if (!this.bands.ready) return;
    const z = this.bands.zScore(bar.close);
    const { instrumentId, allocation, allowShort, entryZ, exitZ } = this.params;
    const position = ctx.positionQuantity(instrumentId);
    let target = position;
    if (position === 0) {
      const size = quantityForEquityFraction(ctx, instrumentId, allocation, bar.close);
      if (z <= -entryZ) target = size;
      else if (allowShort && z >= entryZ) target = -size;
    } else if ((position > 0 && z >= -exitZ) || (position < 0 && z <= exitZ)) {
      target = 0;
    }
    if (target !== position) orderTargetPosition(ctx, instrumentId, target, { tag: target === 0 ? 'exit' : 'entry' });
  }
}

export const meanReversion: StrategyDefinition<MeanReversionParams> = {
  name: 'mean-reversion',
  description: 'Buys closes stretched below the rolling mean (Bollinger z-score) and exits on the way back.',
  defaults: { period: 20, entryZ: 2, exitZ: 0.5, allocation: 0.95, allowShort: false },
  create: (params) => new MeanReversion(params),
};
