import type { MockResponse } from '../shared/mock/mock-http-server.js';
import type { MockOrder, PlaceRejection } from '../shared/mock/mock-matching-engine.js';
import { CREON_ERROR_STATUS } from './creon-bridge-contract.js';
import type { CreonErrorCode, CreonFill, CreonOrder } from './creon-bridge-contract.js';

/* The mock bridge's answers in the contract's shapes (creon-bridge-contract.ts). */

/** An order as the bridge answers it. */
export function orderView(order: MockOrder): CreonOrder {
  return {
    clientOrderId: order.clientOrderId,
    orderNo: String(order.venueOrderId),
    code: order.symbol,
    side: order.side,
    orderType: order.type,
    timeInForce: order.timeInForce,
    quantity: order.quantity,
    price: order.price ?? null,
    status: order.status,
    filledQuantity: order.executed,
    averagePrice: order.executed > 0 ? order.quoteExecuted / order.executed : null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    fills: fillViews(order),
  };
}

/** Fill ids as the real bridge derives them from Creon's notices: order number and cumulative quantity. */
export function fillViews(order: MockOrder): CreonFill[] {
  let cumulative = 0;
  return order.trades.map((trade) => {
    cumulative += trade.quantity;
    return {
      fillId: `${order.venueOrderId}:${cumulative}`,
      orderNo: String(order.venueOrderId),
      clientOrderId: order.clientOrderId,
      code: order.symbol,
      side: order.side,
      quantity: trade.quantity,
      price: trade.price,
      fee: trade.fee,
      maker: trade.maker,
      ts: trade.ts,
    };
  });
}

/** The engine's refusal in the bridge's words, with a Creon-style message. */
export function refusalOf(reason: PlaceRejection, side: 'BUY' | 'SELL'): [CreonErrorCode, string, string] {
  switch (reason) {
    case 'insufficient-balance':
      return side === 'BUY'
        ? ['insufficient_cash', 'not enough cash for the order', '주문가능금액을 초과하였습니다']
        : ['insufficient_holdings', 'not enough sellable shares', '매도가능수량을 초과하였습니다'];
    case 'unknown-symbol':
      return ['unknown_code', 'no such stock code', '종목코드 오류'];
    case 'price-filter':
      return ['invalid_tick', 'price off the tick', '호가단위 오류'];
    case 'no-price':
      return ['market_closed', 'the stock is not trading', '장운영시간이 아닙니다'];
    case 'lot-size':
    case 'min-notional':
      return ['creon_rejected', `refused by Creon (${reason})`, '주문 거부'];
  }
}

/** A problem-details answer with the contract's status for `code`. */
export function problem(
  code: CreonErrorCode,
  detail: string,
  extra: { field?: string; creon?: { status: number; message: string }; headers?: Record<string, string> } = {},
): MockResponse {
  const status = CREON_ERROR_STATUS[code];
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...extra.headers },
    body: {
      type: `urn:tradeforge:creon-bridge:${code}`,
      title: code.replace(/_/g, ' '),
      status,
      detail,
      code,
      ...(extra.field !== undefined ? { field: extra.field } : {}),
      ...(extra.creon !== undefined ? { creon: extra.creon } : {}),
    },
  };
}
