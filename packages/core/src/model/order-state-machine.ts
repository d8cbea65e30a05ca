import type { OrderEventType } from './order-events.js';
import { OrderStatus } from './order-types.js';

/**
 * What moves an order, derived from its events. A fill is split into partial and full because it
 * leads to different states; a cancel-reject returns the order to where it was before the cancel
 * request (see `RETURN_TO_PREVIOUS`).
 */
export const OrderTrigger = {
  Deny: 'DENY',
  Submit: 'SUBMIT',
  Accept: 'ACCEPT',
  Reject: 'REJECT',
  Trigger: 'TRIGGER',
  PartialFill: 'PARTIAL_FILL',
  Fill: 'FILL',
  RequestCancel: 'REQUEST_CANCEL',
  CancelReject: 'CANCEL_REJECT',
  Cancel: 'CANCEL',
  Expire: 'EXPIRE',
  MarkUnknown: 'MARK_UNKNOWN',
} as const;
export type OrderTrigger = (typeof OrderTrigger)[keyof typeof OrderTrigger];

/** Marker in the table: go back to the status held before the cancel was requested. */
export const RETURN_TO_PREVIOUS = 'RETURN_TO_PREVIOUS';
type Target = OrderStatus | typeof RETURN_TO_PREVIOUS;

const S = OrderStatus;
const T = OrderTrigger;

/**
 * The whole order lifecycle in one table: status → trigger → next status. Anything not listed is
 * an illegal transition and is refused. Terminal states have no entries.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderTrigger, Target>>>>> = {
  [S.Initialized]: { [T.Deny]: S.Denied, [T.Submit]: S.Submitted },
  [S.Submitted]: {
    [T.Accept]: S.Accepted,
    [T.Reject]: S.Rejected,
    [T.PartialFill]: S.PartiallyFilled,
    [T.Fill]: S.Filled,
    [T.RequestCancel]: S.PendingCancel,
    [T.Cancel]: S.Canceled,
    [T.Expire]: S.Expired,
    [T.MarkUnknown]: S.Unknown,
  },
  [S.Accepted]: {
    [T.Trigger]: S.Accepted,
    [T.PartialFill]: S.PartiallyFilled,
    [T.Fill]: S.Filled,
    [T.RequestCancel]: S.PendingCancel,
    [T.Cancel]: S.Canceled,
    [T.Expire]: S.Expired,
    [T.MarkUnknown]: S.Unknown,
  },
  [S.PartiallyFilled]: {
    [T.Trigger]: S.PartiallyFilled,
    [T.PartialFill]: S.PartiallyFilled,
    [T.Fill]: S.Filled,
    [T.RequestCancel]: S.PendingCancel,
    [T.Cancel]: S.Canceled,
    [T.Expire]: S.Expired,
    [T.MarkUnknown]: S.Unknown,
  },
  // The cancel is in flight: the venue may still accept (late ack) or fill the order meanwhile.
  [S.PendingCancel]: {
    [T.Accept]: S.PendingCancel,
    [T.Trigger]: S.PendingCancel,
    [T.PartialFill]: S.PendingCancel,
    [T.Fill]: S.Filled,
    [T.CancelReject]: RETURN_TO_PREVIOUS,
    [T.Cancel]: S.Canceled,
    [T.Expire]: S.Expired,
    [T.MarkUnknown]: S.Unknown,
  },
  // Only a venue report (from a query or a late message) resolves an unknown order.
  [S.Unknown]: {
    [T.Accept]: S.Accepted,
    [T.Reject]: S.Rejected,
    [T.PartialFill]: S.PartiallyFilled,
    [T.Fill]: S.Filled,
    [T.RequestCancel]: S.PendingCancel,
    [T.Cancel]: S.Canceled,
    [T.Expire]: S.Expired,
  },
  [S.Denied]: {},
  [S.Rejected]: {},
  [S.Filled]: {},
  [S.Canceled]: {},
  [S.Expired]: {},
};

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
  S.Denied,
  S.Rejected,
  S.Filled,
  S.Canceled,
  S.Expired,
]);

// Comparisons of interned constant strings instead of TERMINAL_STATUSES.has(): this runs several
// times per order event, and a few pointer compares are cheaper than hashing. Same members.
export function isTerminal(status: OrderStatus): boolean {
  return (
    status === S.Filled || status === S.Canceled || status === S.Denied || status === S.Rejected || status === S.Expired
  );
}

/** Working orders can still trade at the venue (or might, for UNKNOWN). */
export function isOpen(status: OrderStatus): boolean {
  return !isTerminal(status) && status !== S.Initialized;
}

/** Maps an event to its trigger; a fill needs to know if it completes the order. */
export function triggerOf(eventType: OrderEventType, completesOrder: boolean): OrderTrigger | undefined {
  switch (eventType) {
    case 'order.denied':
      return T.Deny;
    case 'order.submitted':
      return T.Submit;
    case 'order.accepted':
      return T.Accept;
    case 'order.rejected':
      return T.Reject;
    case 'order.triggered':
      return T.Trigger;
    case 'order.filled':
      return completesOrder ? T.Fill : T.PartialFill;
    case 'order.pending-cancel':
      return T.RequestCancel;
    case 'order.cancel-rejected':
      return T.CancelReject;
    case 'order.canceled':
      return T.Cancel;
    case 'order.expired':
      return T.Expire;
    case 'order.unknown':
      return T.MarkUnknown;
    case 'order.initialized':
      return undefined;
  }
}

/** The next status, or undefined if the transition is illegal. */
export function nextStatus(
  current: OrderStatus,
  trigger: OrderTrigger,
  beforeCancel: OrderStatus,
): OrderStatus | undefined {
  const target = ORDER_TRANSITIONS[current][trigger];
  if (target === RETURN_TO_PREVIOUS) return beforeCancel;
  return target;
}
