import { OrderStatus, OrderType } from '@tradeforge/core';
import { describe, expect, it } from 'vitest';
import { LIVE_VENUES, openVenue } from '../../src/venues/venue-factory.js';
import { CREON_KEY, CREON_SECRET, SAMSUNG, creonClient, startMockCreon } from './creon-fixture.js';

const secrets = ['creon-api-key', 'creon-api-secret'];
const env = { CREON_API_KEY: CREON_KEY, CREON_API_SECRET: CREON_SECRET };

describe('openVenue for creon', () => {
  it('creon is a live venue', () => {
    expect(LIVE_VENUES).toContain('creon');
  });

  it('live without baseUrl fails, naming the config field (Creon has no public endpoint)', async () => {
    await expect(openVenue({ id: 'creon', credentialSecrets: secrets, instruments: [SAMSUNG], env })).rejects.toThrow(
      /venues\[\]\.baseUrl/,
    );
  });

  it('live with the bridge address: the adapter signs with the configured secret', async () => {
    const bridge = await startMockCreon({ recvWindowMs: 5_000 });
    try {
      const venue = await openVenue({
        id: 'creon',
        credentialSecrets: secrets,
        instruments: [SAMSUNG],
        env,
        baseUrl: bridge.url,
      });
      expect(venue.mode).toBe('live');
      expect(venue.sandbox).toBeUndefined();
      await venue.adapter.connect();
      expect(await venue.adapter.balances()).toContainEqual({ asset: 'A005930', free: 10, locked: 0 });
      const wrong = await openVenue({
        id: 'creon',
        credentialSecrets: secrets,
        instruments: [SAMSUNG],
        env: { ...env, CREON_API_SECRET: 'not-it' },
        baseUrl: bridge.url,
      });
      await expect(wrong.adapter.balances()).rejects.toMatchObject({ kind: 'auth' });
    } finally {
      await bridge.stop();
    }
  });

  it('without credentials: a sandbox bridge in this process trades the configured instruments', async () => {
    const venue = await openVenue({
      id: 'creon',
      credentialSecrets: secrets,
      instruments: [SAMSUNG],
      env: {},
      sandboxQuoteBalance: 10_000_000,
    });
    try {
      expect(venue.mode).toBe('sandbox');
      venue.sandbox!.setPrice('A005930', 71_000);
      await venue.adapter.connect();
      const { client, book } = creonClient(venue.adapter);
      const order = book.create({ instrument: SAMSUNG, side: 'BUY', type: OrderType.Market, quantity: 3 });
      client.submitOrder(order);
      await client.idle();
      expect(order.status).toBe(OrderStatus.Filled);
      expect(await venue.adapter.balances()).toContainEqual({ asset: 'A005930', free: 3, locked: 0 });
    } finally {
      await venue.close();
    }
  });
});
