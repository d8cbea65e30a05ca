import type { StrategyDefinition } from '@tradeforge/core';
import { breakout } from './breakout.js';
import { meanReversion } from './mean-reversion.js';
import { smaCrossover } from './sma-crossover.js';

export { SmaCrossover, smaCrossover } from './sma-crossover.js';
export type { SmaCrossoverParams } from './sma-crossover.js';
export { MeanReversion, meanReversion } from './mean-reversion.js';
export type { MeanReversionParams } from './mean-reversion.js';
export { Breakout, breakout } from './breakout.js';
export type { BreakoutParams } from './breakout.js';

/** Every sample strategy by name: what `npm run backtest -- --strategy <name>` accepts. */
export const sampleStrategies: Readonly<Record<string, StrategyDefinition<object>>> = {
  [smaCrossover.name]: smaCrossover as StrategyDefinition<object>,
  [meanReversion.name]: meanReversion as StrategyDefinition<object>,
  [breakout.name]: breakout as StrategyDefinition<object>,
};
