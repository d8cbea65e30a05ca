import type { OrderView } from '../model/order-view.js';

/** What the risk engine needs to know about the account, read at the moment of each check. */
export interface RiskView {
  /** Last traded or marked price; undefined before any market data. */
  lastPrice(instrumentId: string): number | undefined;
  positionQuantity(instrumentId: string): number;
  /** Orders that are working (or might be: UNKNOWN) at the venue. */
  openOrders(): readonly OrderView[];
  openOrderCount(): number;
  equity(): number;
  grossExposure(): number;
}
