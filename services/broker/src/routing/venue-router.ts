import { contracts } from '@tradeforge/core';
import type { Instrument, OrderView, VenueClient, VenueEvent } from '@tradeforge/core';
import type { BrokerSettings } from './broker-settings.js';

/** A venue the router can send orders to. */
export interface RoutedVenue {
  readonly client: VenueClient;
  /** Why orders may not go there right now, or undefined when they may (fail closed). */
  blocked(): string | undefined;
}

/**
 * Sends each approved order to its instrument's venue, and each cancel to the venue holding the
 * order. An order whose venue is disabled, has no adapter, or is blocked (not reconciled, circuit
 * open) is rejected here with the reason; venues' answers go to `publish` as order events.
 */
export class VenueRouter {
  private readonly instruments: ReadonlyMap<string, Instrument>;
  /** Orders sent to a venue, by client order id: a cancel goes where its order went. */
  private readonly atVenue = new Map<
    string,
    { readonly order: OrderView; readonly venue: VenueClient; filled: number }
  >();
  /**
   * Client order ids sent in this process, the most recent ones: a command delivered again (after
   * a restart, Kafka redelivers what was not committed) must not send an order that has already
   * ended a second time.
   */
  private readonly sent = new Set<string>();

  constructor(
    private readonly settings: BrokerSettings,
    private readonly venues: ReadonlyMap<string, RoutedVenue>,
    private readonly publish: (event: VenueEvent) => void,
  ) {
    this.instruments = new Map(settings.instruments.map((i) => [i.id, i]));
    for (const { client } of venues.values()) {
      client.connect({ onVenueEvent: (event) => this.onVenueEvent(event) });
    }
  }

  submit(command: contracts.SubmitOrderCommand): void {
    // Adopted after a restart (its command redelivered): it is at the venue already, never sent twice.
    if (this.atVenue.has(command.clientOrderId) || this.sent.has(command.clientOrderId)) return;
    const order = contracts.orderViewOfSubmit(command, 'SUBMITTED');
    const refusal = this.refusal(order.instrumentId);
    if (refusal !== undefined) return this.reply(order, 'order.rejected', refusal);
    const venue = this.venues.get(this.instruments.get(order.instrumentId)!.venue)!.client;
    this.send(venue, order, 0);
  }

  /**
   * Sends again orders a venue lost (the paper venue's book lives in the broker's memory and
   * restarts empty): what is left of each, once; their fills count on from `filledQuantity`.
   */
  resend(venueId: string, orders: readonly OrderView[]): void {
    const venue = this.venues.get(venueId)?.client;
    if (!venue) return;
    for (const order of orders) {
      if (this.atVenue.has(order.clientOrderId) || this.sent.has(order.clientOrderId)) continue;
      const leaves = order.quantity - order.filledQuantity;
      this.send(venue, { ...order, quantity: leaves, filledQuantity: 0, leavesQuantity: leaves }, 0);
    }
  }

  private send(venue: VenueClient, order: OrderView, filled: number): void {
    this.atVenue.set(order.clientOrderId, { order, venue, filled });
    this.sent.add(order.clientOrderId);
    if (this.sent.size > SENT_IDS_KEPT) this.sent.delete(this.sent.values().next().value!);
    venue.submitOrder(order);
  }

  /**
   * Orders a restarted broker took over at `venue` (from our records): their cancels go there,
   * and they are dropped like any other order once the venue has finished with them.
   */
  adopt(venue: VenueClient, orders: readonly OrderView[]): void {
    for (const order of orders) {
      this.atVenue.set(order.clientOrderId, { order, venue, filled: order.filledQuantity });
      this.sent.add(order.clientOrderId);
    }
  }

  /**
   * A cancel reaches the venue holding the order (it answers `order.canceled`, or
   * `order.cancel-rejected` when the order ended first). `pending` says whether the order was
   * still waiting for risk (it never reached a venue: canceled here); otherwise one the router
   * does not know is not working anywhere.
   */
  cancel(command: contracts.CancelOrderCommand, pending: boolean): void {
    const working = this.atVenue.get(command.clientOrderId);
    if (working) return working.venue.cancelOrder(working.order);
    if (pending) return this.reply(command, 'order.canceled', 'canceled before it reached the venue');
    this.reply(command, 'order.cancel-rejected', 'order is not working at the venue');
  }

  /** Why an order for this instrument cannot be routed now, or undefined. */
  private refusal(instrumentId: string): string | undefined {
    const instrument = this.instruments.get(instrumentId);
    if (instrument === undefined) return `unknown instrument ${instrumentId}`;
    const configured = this.settings.venues.find((v) => v.id === instrument.venue);
    if (configured === undefined || !configured.enabled) return `venue ${instrument.venue} is disabled`;
    const venue = this.venues.get(instrument.venue);
    if (venue === undefined) return `venue ${instrument.venue} has no adapter in this broker`;
    const blocked = venue.blocked();
    return blocked === undefined ? undefined : `venue ${instrument.venue} is blocked: ${blocked}`;
  }

  private reply(
    order: Pick<OrderView, 'clientOrderId' | 'strategyId' | 'instrumentId'>,
    type: 'order.rejected' | 'order.canceled' | 'order.cancel-rejected',
    reason: string,
  ): void {
    const { clientOrderId, strategyId, instrumentId } = order;
    this.publish({ version: 1, type, clientOrderId, strategyId, instrumentId, ts: Date.now(), reason });
  }

  /** Drops orders their venue has finished with (a cancel for them is answered as not working). */
  private onVenueEvent(event: VenueEvent): void {
    const working = this.atVenue.get(event.clientOrderId);
    if (working) {
      if (event.type === 'order.filled') working.filled += event.quantity;
      if (isFinal(event) || working.filled >= working.order.quantity - 1e-12) this.atVenue.delete(event.clientOrderId);
    }
    this.publish(event);
  }
}

/** How many sent client order ids the router remembers (far more than one restart's redeliveries). */
const SENT_IDS_KEPT = 100_000;

/** Venue events after which an order no longer works there. */
function isFinal(event: VenueEvent): boolean {
  return event.type === 'order.canceled' || event.type === 'order.rejected' || event.type === 'order.expired';
}
