import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MockBinanceVenue } from '../../src/venues/binance/mock-binance-venue.js';
import { venueStatus } from '../../src/venues/shared/venue-readiness.js';
import { VenueReconciler } from '../../src/venues/shared/venue-reconciler.js';
import { binanceAdapter, clientFor, startMockBinance } from './support/binance-fixture.js';
import { BTCUSDT } from './support/order-book.js';

let mock: MockBinanceVenue;
beforeEach(async () => {
  mock = await startMockBinance();
});
afterEach(() => mock.stop());

describe('venueStatus', () => {
  it('is down until reconciled, up after, down again while the circuit is open', async () => {
    const adapter = binanceAdapter(mock, {
      breaker: { failureThreshold: 2, resetAfterMs: 60_000 },
      resilience: { timeoutMs: 2_000, maxAttempts: 1 },
    });
    const { client } = clientFor(adapter);
    const reconciler = new VenueReconciler(client, [BTCUSDT], () => 0);
    expect(venueStatus('binance', adapter.caller, reconciler)).toMatchObject({
      status: 'down',
      detail: 'binance: circuit closed, not reconciled yet',
    });

    await reconciler.start([]);
    expect(venueStatus('binance', adapter.caller, reconciler)).toEqual({
      status: 'up',
      detail: 'binance: circuit closed, reconciled',
      circuit: 'closed',
      tradingAllowed: true,
    });

    mock.setFaults({ serverErrorRate: 1 });
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'server' });
    await expect(adapter.balances()).rejects.toMatchObject({ kind: 'server' });
    expect(venueStatus('binance', adapter.caller, reconciler)).toMatchObject({
      status: 'down',
      circuit: 'open',
      tradingAllowed: false,
    });
    // A pass that cannot reach the venue keeps it blocked even once the circuit closes again.
    await expect(reconciler.run()).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(reconciler.tradingAllowed).toBe(false);
  });
});
