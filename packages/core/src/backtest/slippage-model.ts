import { roundToStep } from '../model/instrument.js';
import type { OrderSide } from '../model/order-types.js';
import type { SeededRandom } from './random.js';

/**
 * Taker fills execute worse than the reference price (the bar open or the tick): a fixed cost plus
 * a seeded random part, rounded to the tick so fill prices are prices the venue could print.
 */
export class SlippageModel {
  private readonly fixedFraction: number;
  private readonly randomFraction: number;
  private readonly random: SeededRandom;

  constructor(fixedBps: number, randomBps: number, random: SeededRandom) {
    this.fixedFraction = fixedBps / 10_000;
    this.randomFraction = randomBps / 10_000;
    this.random = random;
  }

  /** The price a taker actually gets when the market is at `reference`. */
  takerPrice(reference: number, side: OrderSide, tickSize: number): number {
    const fraction = this.fixedFraction + (this.randomFraction > 0 ? this.random.next() * this.randomFraction : 0);
    const adverse = side === 'BUY' ? reference * (1 + fraction) : reference * (1 - fraction);
    // Round away from the trader: slippage never turns into price improvement.
    // (The tolerance keeps float noise like 100.01000000000001 from costing a whole tick.)
    const rounded = roundToStep(adverse, tickSize);
    const noise = tickSize * 1e-6;
    if (side === 'BUY') return adverse - rounded > noise ? roundToStep(rounded + tickSize, tickSize) : rounded;
    return rounded - adverse > noise ? Math.max(tickSize, roundToStep(rounded - tickSize, tickSize)) : rounded;
  }
}
