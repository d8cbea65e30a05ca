import type {
  OrderAccepted,
  OrderCancelRejected,
  OrderCanceled,
  OrderExpired,
  OrderFilled,
  OrderRejected,
  OrderStatusUnknown,
  OrderTriggered,
} from '../model/order-events.js';
import type { OrderView } from '../model/order-view.js';

/** What a venue tells us about our orders. */
export type VenueEvent =
  | OrderAccepted
  | OrderRejected
  | OrderTriggered
  | OrderFilled
  | OrderCanceled
  | OrderCancelRejected
  | OrderExpired
  | OrderStatusUnknown;

export interface VenueEventSink {
  onVenueEvent(event: VenueEvent): void;
}

/**
 * The one seam between the trading kernel and a market. The simulated venue (backtest), the paper
 * broker and live broker adapters all implement it, so strategy, risk and order code is identical
 * in all three. Calls never return results: everything the venue decides arrives later as a
 * VenueEvent, exactly as it does over a network.
 *
 * A live adapter that gets no answer (timeout, 5xx) must emit `order.unknown` and then resolve the
 * order with `queryOrder`, never by resubmitting: the first request may have reached the venue.
 */
export interface VenueClient {
  readonly venue: string;
  connect(sink: VenueEventSink): void;
  submitOrder(order: OrderView): void;
  cancelOrder(order: OrderView): void;
  /** Asks the venue for the order's current state; the answer arrives as VenueEvents. */
  queryOrder(order: OrderView): void;
}
