import type { Message, OrderEvent, contracts } from '@tradeforge/core';

/** One frame of the WebSocket stream (docs/architecture/gateway.md). */
export type StreamUpdate =
  | { readonly type: 'order'; readonly data: OrderEvent }
  | { readonly type: 'fill'; readonly data: Extract<Message, { type: 'order.filled' }> }
  | { readonly type: 'position'; readonly data: contracts.PositionSnapshotMessage }
  | { readonly type: 'account'; readonly data: contracts.AccountSnapshotMessage }
  | { readonly type: 'trading-state'; readonly data: { state: string; reason?: string; ts: number } };

/**
 * The stream frame for a bus message, or undefined for what clients are not sent. A fill comes
 * twice: on the order-events topic (an order event: the order's status moved) and on the fills
 * topic (a fill), so each list on the dashboard follows one frame type.
 */
export function toStreamUpdate(
  topicKind: 'orders' | 'fills' | 'positions' | 'trading-state',
  message: Message,
): StreamUpdate | undefined {
  switch (topicKind) {
    case 'fills':
      return message.type === 'order.filled' ? { type: 'fill', data: message } : undefined;
    case 'orders':
      return message.type.startsWith('order.') && message.type !== 'order.submit' && message.type !== 'order.cancel'
        ? ({ type: 'order', data: message } as StreamUpdate)
        : undefined;
    case 'positions':
      if (message.type === 'position.snapshot') return { type: 'position', data: message };
      if (message.type === 'account.snapshot') return { type: 'account', data: message };
      return undefined;
    case 'trading-state':
      return message.type === 'risk.trading-state'
        ? { type: 'trading-state', data: { state: message.state, reason: message.reason, ts: message.ts } }
        : undefined;
  }
}
