/**
 * An OHLCV bar. `ts` is the bar's close time (epoch ms): the moment its data is complete and a
 * strategy may act on it, which keeps backtests free of look-ahead.
 */
export interface Bar {
  readonly instrumentId: string;
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A trade print (last price and size). */
export interface Tick {
  readonly instrumentId: string;
  readonly ts: number;
  readonly price: number;
  readonly size: number;
}
