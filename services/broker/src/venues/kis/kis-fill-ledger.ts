import type { OrderSide, VenueFill } from '@tradeforge/core';

interface Step {
  /** Cumulative executed quantity after this step. */
  readonly cumulative: number;
  /** Average execution price of everything up to this step. */
  readonly averagePrice: number;
  readonly ts: number;
}

/** What a cumulative observation needs to become fills. */
export interface KisExecutionState {
  readonly venueOrderId: string;
  readonly side: OrderSide;
  readonly cumulative: number;
  readonly averagePrice: number;
  readonly ts: number;
}

/**
 * KIS's order inquiry reports each order's cumulative executed quantity and average price, not
 * its individual trades. This ledger turns the growth it has observed into fills with stable ids:
 * the fill that brings an order to cumulative quantity Q is `<ODNO>:<Q>`, priced so the running
 * average matches KIS's. Seeing the same cumulative twice adds nothing, so reconciling twice
 * cannot count a fill twice.
 *
 * After a restart the ledger is empty while our order may already hold some fills:
 * `fills(…, alreadyFilled)` splits the first observation at that quantity, so the part we already
 * had keeps the id `<ODNO>:<alreadyFilled>` and only the rest is new.
 */
export class KisFillLedger {
  private readonly steps = new Map<string, Step[]>();

  /** Records an observation; growth becomes a new step. */
  observe(state: KisExecutionState): void {
    if (!(state.cumulative > 0)) return;
    const steps = this.steps.get(state.venueOrderId) ?? [];
    const last = steps.at(-1);
    if (last !== undefined && state.cumulative <= last.cumulative) return;
    steps.push({ cumulative: state.cumulative, averagePrice: state.averagePrice, ts: state.ts });
    this.steps.set(state.venueOrderId, steps);
  }

  /**
   * The order's fills, oldest first. `alreadyFilled`/`alreadyAverage`: what our order held
   * before this ledger saw anything (after a restart), used to split the first step.
   */
  fills(
    venueOrderId: string,
    side: OrderSide,
    clientOrderId: string,
    alreadyFilled = 0,
    alreadyAverage = 0,
  ): VenueFill[] {
    const observed = this.steps.get(venueOrderId) ?? [];
    const first = observed[0];
    const steps =
      first !== undefined && alreadyFilled > 0 && alreadyFilled < first.cumulative - 1e-9
        ? [{ cumulative: alreadyFilled, averagePrice: alreadyAverage, ts: first.ts }, ...observed]
        : observed;
    const fills: VenueFill[] = [];
    let previous: Step = { cumulative: 0, averagePrice: 0, ts: 0 };
    for (const step of steps) {
      const quantity = step.cumulative - previous.cumulative;
      const notional = step.averagePrice * step.cumulative - previous.averagePrice * previous.cumulative;
      fills.push({
        tradeId: `${venueOrderId}:${step.cumulative}`,
        venueOrderId,
        clientOrderId,
        side,
        quantity,
        price: notional / quantity,
        // KIS settles commission and tax per day, not per order: the inquiry carries no fee.
        fee: 0,
        // The inquiry does not say who provided liquidity.
        liquidity: 'TAKER',
        ts: step.ts,
      });
      previous = step;
    }
    return fills;
  }
}
