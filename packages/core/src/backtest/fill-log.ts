import type { Fill } from '../model/order-events.js';
import { CounterIds } from './counter-ids.js';
import { Float64Rows } from './float64-rows.js';

// Fields of a row of numbers; side and liquidity are stored as 0/1.
const TS = 0;
const QUANTITY = 1;
const PRICE = 2;
const FEE = 3;
const SELL = 4;
const MAKER = 5;
const WIDTH = 6;
// Names per fill: strategy id, instrument id, venue.
const NAMES = 3;

/**
 * Every fill of a run, in order, kept in columns: numbers in one typed array, the three ids as
 * counters (`CounterIds`), and the names in an array of the strings the events carried (the same
 * few string objects on every row). `at(i)` rebuilds the fill event exactly as the venue sent it
 * (same fields, same values); the run itself keeps no event object, boxed number or id string
 * per fill.
 */
export class FillLog {
  private readonly numbers = new Float64Rows(WIDTH);
  private readonly clientOrderIds = new CounterIds();
  private readonly tradeIds = new CounterIds();
  private readonly venueOrderIds = new CounterIds();
  private readonly names: string[] = [];

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
    this.tradeIds.push(fill.tradeId);
    this.venueOrderIds.push(fill.venueOrderId);
    this.names.push(fill.strategyId, fill.instrumentId, fill.venue);
  }

  /** The `index`-th fill as an event (a new object on each call). */
  at(index: number): Fill {
    const offset = this.numbers.offsetOf(index);
    const data = this.numbers.data;
    const names = this.names;
    const first = index * NAMES;
    return {
      version: 1,
      clientOrderId: this.clientOrderIds.get(index),
      strategyId: names[first]!,
      instrumentId: names[first + 1]!,
      ts: data[offset + TS]!,
      type: 'order.filled',
      venue: names[first + 2]!,
      tradeId: this.tradeIds.get(index),
      venueOrderId: this.venueOrderIds.get(index),
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
