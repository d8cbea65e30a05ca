import { Atr, RollingExtreme, orderTargetPosition, quantityForEquityFraction } from '@tradeforge/core';
import type { Bar, Fill, Strategy, StrategyContext, StrategyDefinition } from '@tradeforge/core';

export interface BreakoutParams {
  /** Bars in the Donchian channel whose high must be broken to enter. */
  readonly entryPeriod: number;
  /** Bars in the channel whose low, once broken, exits (a trailing exit). */
  readonly exitPeriod: number;
  /** ATR period for the protective stop. */
  readonly atrPeriod: number;
  /** Protective stop distance below the entry, in ATRs. */
  readonly stopAtr: number;
  /** Share of equity to put into a position. */
  readonly allocation: number;
}

/**
 * Momentum breakout (Donchian / turtle style): buy when the close breaks above the highest high
 * of the last `entryPeriod` bars; exit below the lowest low of the last `exitPeriod` bars, and
 * protect the entry with a resting stop order `stopAtr` ATRs below the fill.
 */
export class Breakout implements Strategy {
  readonly id: string;
  private readonly params: BreakoutParams & { readonly instrumentId: string };
  private readonly entryHigh: RollingExtreme;
  private readonly exitLow: RollingExtreme;
  private readonly atr: Atr;
  private stopOrderId: string | undefined;

  constructor(params: BreakoutParams & { readonly instrumentId: string }, id = 'breakout') {
    this.id = id;
    this.params = params;
    this.entryHigh = new RollingExtreme(params.entryPeriod, 'max');
    this.exitLow = new RollingExtreme(params.exitPeriod, 'min');
    this.atr = new Atr(params.atrPeriod);
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    // Channels of the bars *before* this one: a close above them is a breakout.
    const priorHigh = this.entryHigh.value;
    const priorLow = this.exitLow.value;
    this.entryHigh.update(bar.high);
    this.exitLow.update(bar.low);
    this.atr.update(bar.high, bar.low, bar.close);
    if (Number.isNaN(priorHigh) || !this.atr.ready) return;

    const { instrumentId, allocation } = this.params;
    const position = ctx.positionQuantity(instrumentId);
    if (position === 0 && bar.close > priorHigh) {
      orderTargetPosition(ctx, instrumentId, quantityForEquityFraction(ctx, instrumentId, allocation, bar.close), {
        tag: 'breakout',
      });
    } else if (position > 0 && bar.close < priorLow) {
      this.cancelStop(ctx);
      orderTargetPosition(ctx, instrumentId, 0, { tag: 'channel-exit' });
    }
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    const position = ctx.positionQuantity(fill.instrumentId);
    if (fill.clientOrderId === this.stopOrderId || position <= 0) {
      if (position === 0) this.cancelStop(ctx);
      return;
    }
    if (this.stopOrderId !== undefined || !this.atr.ready) return;
    const instrument = ctx.instrument(fill.instrumentId);
    const raw = fill.price - this.params.stopAtr * this.atr.value;
    const triggerPrice = Math.max(instrument.tickSize, Math.floor(raw / instrument.tickSize) * instrument.tickSize);
    const outcome = ctx.submitOrder({
      instrumentId: fill.instrumentId,
      side: 'SELL',
      type: 'STOP',
      quantity: position,
      triggerPrice: Number(triggerPrice.toFixed(10)),
      reduceOnly: true,
      tag: 'protective-stop',
    });
    if (outcome.status === 'submitted') this.stopOrderId = outcome.clientOrderId;
  }

  private cancelStop(ctx: StrategyContext): void {
    if (this.stopOrderId === undefined) return;
    const order = ctx.openOrders(this.params.instrumentId).find((o) => o.clientOrderId === this.stopOrderId);
    if (order !== undefined) ctx.cancelOrder(order.clientOrderId);
    this.stopOrderId = undefined;
  }
}

export const breakout: StrategyDefinition<BreakoutParams> = {
  name: 'breakout',
  description:
    'Buys closes above the N-bar high (Donchian breakout) with an ATR protective stop; exits below the M-bar low.',
  defaults: { entryPeriod: 55, exitPeriod: 20, atrPeriod: 20, stopAtr: 2, allocation: 0.95 },
  create: (params) => new Breakout(params),
};
