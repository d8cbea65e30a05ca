import { z } from 'zod';
import { DenialCode } from '../risk/denial-codes.js';
import { TradingState } from '../risk/trading-state.js';
import { OrderSide, OrderStatus, OrderType, TimeInForce } from '../model/order-types.js';

// Building blocks shared by every contract. Numbers must be finite: NaN or Infinity on the bus is
// always a bug upstream.

export const id = z.string().min(1).max(128);
export const timestamp = z.number().int().nonnegative();
export const price = z.number().positive();
export const quantity = z.number().positive();
export const amount = z.number();

export const orderSide = z.enum([OrderSide.Buy, OrderSide.Sell]);
export const orderType = z.enum([OrderType.Market, OrderType.Limit, OrderType.Stop, OrderType.StopLimit]);
export const timeInForce = z.enum([TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK, TimeInForce.GTD]);
export const orderStatus = z.enum(Object.values(OrderStatus) as [OrderStatus, ...OrderStatus[]]);
export const denialCode = z.enum(Object.values(DenialCode) as [DenialCode, ...DenialCode[]]);
export const tradingState = z.enum([TradingState.Active, TradingState.Reducing, TradingState.Halted]);
export const liquidity = z.enum(['MAKER', 'TAKER']);

/** Every contract starts with its type and schema version; version 1 is the current one. */
export function header<T extends string>(type: T) {
  return { type: z.literal(type), version: z.literal(1) };
}
