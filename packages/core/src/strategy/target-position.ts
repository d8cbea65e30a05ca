import { floorToStep } from '../model/instrument.js';
import type { OrderRequest } from '../model/order-request.js';
import type { SubmitOutcome } from '../execution/execution-engine.js';
import type { StrategyContext } from './strategy.js';

/**
 * Moves the position towards `target` (signed quantity) with one market order, skipping when an
 * order of this strategy is already working on the instrument (so a slow fill is not doubled).
 * Returns undefined when nothing needed to be sent.
 */
export function orderTargetPosition(
  ctx: StrategyContext,
  instrumentId: string,
  target: number,
  extra: Pick<OrderRequest, 'tag' | 'timeInForce'> = {},
): SubmitOutcome | undefined {
  const instrument = ctx.instrument(instrumentId);
  const delta = floorToStep(target - ctx.positionQuantity(instrumentId), instrument.lotSize);
  if (delta === 0 || Math.abs(delta) < instrument.minQuantity) return undefined;
  if (ctx.openOrders(instrumentId).length > 0) return undefined;
  return ctx.submitOrder({
    instrumentId,
    side: delta > 0 ? 'BUY' : 'SELL',
    type: 'MARKET',
    quantity: Math.abs(delta),
    ...extra,
  });
}

/** Largest whole-lot quantity worth `fraction` of current equity at `price`. */
export function quantityForEquityFraction(
  ctx: StrategyContext,
  instrumentId: string,
  fraction: number,
  price: number,
): number {
  const instrument = ctx.instrument(instrumentId);
  if (!(price > 0)) return 0;
  return floorToStep((ctx.equity() * fraction) / price, instrument.lotSize);
}
