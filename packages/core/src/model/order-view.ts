import type { OrderStatus, OrderSide, OrderType, TimeInForce } from './order-types.js';

/** Read-only view of an order, handed to strategies, venues and the risk engine. */
export interface OrderView {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price: number | undefined;
  readonly triggerPrice: number | undefined;
  readonly timeInForce: TimeInForce;
  readonly expireAt: number | undefined;
  readonly reduceOnly: boolean;
  readonly tag: string | undefined;
  readonly createdAt: number;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly leavesQuantity: number;
  readonly averageFillPrice: number;
  readonly venueOrderId: string | undefined;
  readonly triggered: boolean;
  readonly isOpen: boolean;
}
