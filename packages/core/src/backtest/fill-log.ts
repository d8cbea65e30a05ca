import type { Fill } from '../model/order-events.js';
import { Float64Rows } from './float64-rows.js';

// Fields of a row of numbers; side and liquidity are stored as 0/1.
const TS = 0;
const QUANTITY = 1;
const PRICE = 2;
const FEE = 3;
const SELL = 4;
const MAKER = 5;
const WIDTH = 6;

/**
 * Every fill of a run, in order, kept in columns: numbers in one typed array, ids and names in
 * arrays of the strings the events carried (the same string objects, so a column of a repeated
 * name is a column of pointers to one string). `at(i)` rebuilds the fill event exactly as the
 * venue sent it (same fields, same values); the run itself keeps no event object and no boxed
 * number per fill.
 */
export class FillLog {
  private readonly numbers = new Float64Rows(WIDTH);
  private readonly clientOrderIds: string[] = [];
  private readonly strategyIds: string[] = [];
  private readonly instrumentIds: string[] = [];
  private readonly venues: string[] = [];
  private readonly tradeIds: string[] = [];
  private readonly venueOrderIds: string[] = [];

  get length(): number {
    return this.numbers.length;
  }

  push(fill: Fill): void {
    const offset = this.numbers.append();
    const data = this.numbers.data;
    data[offset + TS] = fill.ts;
    data[offset + QUANTITY] = fill.quantity;
    data[offset + PRICE] = fill.price;
    data[offset + FEE] = fill.fee;
    data[offset + SELL] = fill.side === 'SELL' ? 1 : 0;
    data[offset + MAKER] = fill.liquidity === 'MAKER' ? 1 : 0;
    this.clientOrderIds.push(fill.clientOrderId);
    this.strategyIds.push(fill.strategyId);
    this.instrumentIds.push(fill.instrumentId);
    this.venues.push(fill.venue);
    this.tradeIds.push(fill.tradeId);
    this.venueOrderIds.push(fill.venueOrderId);
  }

  /** The `index`-th fill as an event (a new object on each call). */
  at(index: number): Fill {
    const offset = this.numbers.offsetOf(index);
    const data = this.numbers.data;
    return {
      version: 1,
      clientOrderId: this.clientOrderIds[index]!,
      strategyId: this.strategyIds[index]!,
      instrumentId: this.instrumentIds[index]!,
      ts: data[offset + TS]!,
      type: 'order.filled',
      venue: this.venues[index]!,
      tradeId: this.tradeIds[index]!,
      venueOrderId: this.venueOrderIds[index]!,
      side: data[offset + SELL] === 1 ? 'SELL' : 'BUY',
      quantity: data[offset + QUANTITY]!,
      price: data[offset + PRICE]!,
      fee: data[offset + FEE]!,
      liquidity: data[offset + MAKER] === 1 ? 'MAKER' : 'TAKER',
    };
  }

  toArray(): Fill[] {
    const fills = new Array<Fill>(this.length);
    for (let i = 0; i < fills.length; i++) fills[i] = this.at(i);
    return fills;
  }
}
