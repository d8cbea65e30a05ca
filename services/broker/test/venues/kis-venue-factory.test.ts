import { OrderStatus, OrderType } from '@tradeforge/core';
import { describe, expect, it } from 'vitest';
import { KisAdapter } from '../../src/venues/kis/kis-adapter.js';
import { LIVE_VENUES, VENUE_BASE_URLS, openVenue } from '../../src/venues/venue-factory.js';
import { SAMSUNG, kisClient } from './kis-fixture.js';

const SECRETS = ['kis-api-key', 'kis-api-secret'];

describe('openVenue for kis', () => {
  it('is a live venue whose default endpoint is KIS production', () => {
    expect(LIVE_VENUES).toContain('kis');
    expect(VENUE_BASE_URLS.kis).toBe('https://openapi.koreainvestment.com:9443');
  });

  it('without credentials: a sandbox KIS in this process trades the configured stock codes', async () => {
    const venue = await openVenue({
      id: 'kis',
      credentialSecrets: SECRETS,
      instruments: [SAMSUNG],
      env: {},
      sandboxQuoteBalance: 10_000_000,
    });
    try {
      expect(venue.mode).toBe('sandbox');
      venue.sandbox!.setPrice('005930', 70_000);
      await venue.adapter.connect();
      const { client, book } = kisClient(venue.adapter);
      const order = book.create({ instrument: SAMSUNG, side: 'BUY', type: OrderType.Market, quantity: 5 });
      client.submitOrder(order);
      await client.idle();
      expect(order.status).toBe(OrderStatus.Filled);
      expect(await venue.adapter.balances()).toContainEqual({ asset: '005930', free: 5, locked: 0 });
    } finally {
      await venue.close();
    }
  });

  it('with an app key and secret but no account number: an error naming the variable to set', async () => {
    await expect(
      openVenue({
        id: 'kis',
        credentialSecrets: SECRETS,
        instruments: [SAMSUNG],
        env: { KIS_API_KEY: 'k', KIS_API_SECRET: 's' },
      }),
    ).rejects.toThrow(/KIS_ACCOUNT_NO/);
  });

  it('live: the account from the third secret; the paper host selects paper tr_ids and limits', async () => {
    const venue = await openVenue({
      id: 'kis',
      credentialSecrets: [...SECRETS, 'kis-paper-account'],
      instruments: [SAMSUNG],
      env: { KIS_API_KEY: 'k', KIS_API_SECRET: 's', KIS_PAPER_ACCOUNT: '50123456-01' },
      baseUrl: 'https://openapivts.koreainvestment.com:29443',
    });
    expect(venue.mode).toBe('live');
    expect(venue.adapter).toBeInstanceOf(KisAdapter);
    const adapter = venue.adapter as KisAdapter;
    expect(adapter.session.environment).toBe('paper');
    expect(adapter.limiter.usage()['requests']?.limit).toBe(2);
    expect(adapter.streamUrl).toBe('ws://ops.koreainvestment.com:31000');
    await venue.close();
  });

  it('live: the configured stream host as it is (the config defaults it by account); without one, the account’s', async () => {
    const open = (baseUrl: string, streamUrl: string | undefined) =>
      openVenue({
        id: 'kis',
        credentialSecrets: SECRETS,
        instruments: [SAMSUNG],
        env: { KIS_API_KEY: 'k', KIS_API_SECRET: 's', KIS_ACCOUNT_NO: '50123456-01' },
        baseUrl,
        streamUrl,
      });
    const paper = await open('https://openapivts.koreainvestment.com:29443', undefined);
    expect((paper.adapter as KisAdapter).streamUrl).toBe('ws://ops.koreainvestment.com:31000');
    const real = await open('https://openapi.koreainvestment.com:9443', undefined);
    expect((real.adapter as KisAdapter).streamUrl).toBe('ws://ops.koreainvestment.com:21000');
    const own = await open('https://openapivts.koreainvestment.com:29443', 'ws://kis-proxy.internal:31000');
    expect((own.adapter as KisAdapter).streamUrl).toBe('ws://kis-proxy.internal:31000');
    await Promise.all([paper.close(), real.close(), own.close()]);
  });
});
