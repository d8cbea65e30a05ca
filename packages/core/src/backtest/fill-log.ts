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
// Strings per fill: client order id, strategy id, instrument id, venue, trade id, venue order id.
const STRINGS = 6;

/**
 * Every fill of a run, in order, kept in columns: numbers in one typed array, ids and names in
 * arrays of the strings the events carried (the same string objects, so a column of a repeated
 * name is a column of pointers to one string). `at(i)` rebuilds the fill event exactly as the
 * venue sent it (same fields, same values); the run itself keeps no event object and no boxed
 * number per fill.
 */
export class FillLog {
  private readonly numbers = new Float64Rows(WIDTH);
  // The six strings of each fill, row after row (one array to grow instead of six).
  private readonly strings: string[] = [];

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
    this.strings.push(
      fill.clientOrderId,
      fill.strategyId,
      fill.instrumentId,
      fill.venue,
      fill.tradeId,
      fill.venueOrderId,
    );
  }

  /** The `index`-th fill as an event (a new object on each call). */
  at(index: number): Fill {
    const offset = this.numbers.offsetOf(index);
    const data = this.numbers.data;
    const strings = this.strings;
    const first = index * STRINGS;
    return {
      version: 1,
      clientOrderId: strings[first]!,
      strategyId: strings[first + 1]!,
      instrumentId: strings[first + 2]!,
      ts: data[offset + TS]!,
      type: 'order.filled',
      venue: strings[first + 3]!,
      tradeId: strings[first + 4]!,
      venueOrderId: strings[first + 5]!,
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
