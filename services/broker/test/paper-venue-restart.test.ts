// What a restarted broker does about its paper venue's lost book: the open orders from the
// records go to the new paper venue once, with what is left of each, and a command delivered
// again afterwards (Kafka redelivers what was not committed) never sends an order twice.
import type { OrderView, VenueClient, VenueEventSink } from '@tradeforge/core';
import { contracts } from '@tradeforge/core';
import { describe, expect, it } from 'vitest';
import { createPaperVenue } from '../src/paper/paper-venue.js';
import type { BrokerSettings } from '../src/routing/broker-settings.js';
import { VenueRouter } from '../src/routing/venue-router.js';

const BTC = {
  id: 'BTCUSDT.paper',
  symbol: 'BTCUSDT',
  venue: 'paper',
  quoteCurrency: 'USDT',
  tickSize: 0.01,
  lotSize: 0.0001,
  minQuantity: 0.0001,
  minNotional: 10,
};
const settings: BrokerSettings = { instruments: [BTC], venues: [{ id: 'paper', enabled: true }] };

/** A venue that only records what it was sent. */
class RecordingVenue implements VenueClient {
  readonly venue = 'paper';
  readonly submitted: OrderView[] = [];
  connect(_sink: VenueEventSink): void {}
  submitOrder(order: OrderView): void {
    this.submitted.push(order);
  }
  cancelOrder(): void {}
  queryOrder(): void {}
}

const submit = (clientOrderId: string): contracts.SubmitOrderCommand => ({
  type: 'order.submit',
  version: 1,
  clientOrderId,
  strategyId: 'test',
  instrumentId: BTC.id,
  side: 'BUY',
  orderType: 'MARKET',
  timeInForce: 'GTC',
  quantity: 0.5,
  reduceOnly: false,
  ts: 1,
});

describe('a restarted broker and its paper venue', () => {
  it('re-sends each lost open order once, with what is left of it, and ignores its redelivered command', () => {
    const venue = new RecordingVenue();
    const router = new VenueRouter(
      settings,
      new Map([['paper', { client: venue, blocked: () => undefined }]]),
      () => {},
    );
    const partly = { ...contracts.orderViewOfSubmit(submit('c-1'), 'PARTIALLY_FILLED'), filledQuantity: 0.2 };
    router.resend('paper', [partly, partly]);
    router.submit(submit('c-1'));
    expect(venue.submitted).toHaveLength(1);
    expect(venue.submitted[0]).toMatchObject({ clientOrderId: 'c-1', quantity: 0.3, filledQuantity: 0 });
    // An order the records did not hold goes out as usual.
    router.submit(submit('c-2'));
    expect(venue.submitted.map((o) => o.clientOrderId)).toEqual(['c-1', 'c-2']);
  });

  it("numbers each run's trades apart, so a new fill never passes for an old one", () => {
    const ids = [1_000, 2_000].map((startedAt) => {
      const paper = createPaperVenue([BTC], startedAt);
      const events: { type: string; tradeId?: string }[] = [];
      paper.connect({ onVenueEvent: (event) => events.push(event as { type: string; tradeId?: string }) });
      paper.submitOrder({ ...contracts.orderViewOfSubmit(submit('c-1'), 'SUBMITTED'), createdAt: 0 });
      paper.onBar({ instrumentId: BTC.id, ts: 10_000, open: 100, high: 101, low: 99, close: 100, volume: 1_000 });
      return events.find((e) => e.type === 'order.filled')?.tradeId;
    });
    expect(ids[0]).toBeDefined();
    expect(ids[0]).not.toBe(ids[1]);
  });
});
