import { OrderStatus, OrderType, createInstrument } from '@tradeforge/core';
import { describe, expect, it } from 'vitest';
import { MockBinanceVenue } from '../../src/venues/binance/mock-binance-venue.js';
import { openVenue, secretEnvName, venueCredentials } from '../../src/venues/venue-factory.js';
import { BTCKRW, BTCUSDT } from './support/order-book.js';
import { clientFor } from './support/binance-fixture.js';
import { upbitClient } from './support/upbit-fixture.js';

describe('venue credentials from the config’s secret names', () => {
  it('reads <NAME> upper-cased with - as _, and needs both key and secret', () => {
    expect(secretEnvName('binance-api-key')).toBe('BINANCE_API_KEY');
    const names = ['binance-api-key', 'binance-api-secret'];
    expect(venueCredentials(names, { BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's' })).toEqual({
      key: 'k',
      secret: 's',
    });
    expect(venueCredentials(names, { BINANCE_API_KEY: 'k' })).toBeUndefined();
    expect(venueCredentials(names, { BINANCE_API_KEY: 'k', BINANCE_API_SECRET: '' })).toBeUndefined();
  });
});

describe('openVenue', () => {
  it('without credentials: sandbox mode, a mock Binance in this process that trades the configured instruments', async () => {
    const venue = await openVenue({
      id: 'binance',
      credentialSecrets: ['binance-api-key', 'binance-api-secret'],
      instruments: [BTCUSDT],
      env: {},
    });
    try {
      expect(venue.mode).toBe('sandbox');
      venue.sandbox!.setPrice('BTCUSDT', 60_000);
      await venue.adapter.connect();
      const { client, book } = clientFor(venue.adapter);
      const order = book.create({ instrument: BTCUSDT, side: 'BUY', type: OrderType.Market, quantity: 0.01 });
      client.submitOrder(order);
      await client.idle();
      expect(order.status).toBe(OrderStatus.Filled);
    } finally {
      await venue.close();
    }
  });

  it('without credentials: a sandbox Upbit lists BTCKRW as KRW-BTC', async () => {
    const venue = await openVenue({
      id: 'upbit',
      credentialSecrets: ['upbit-api-key', 'upbit-api-secret'],
      instruments: [BTCKRW],
      env: {},
      sandboxQuoteBalance: 1e9,
    });
    try {
      venue.sandbox!.setPrice('KRW-BTC', 100_000_000);
      const { client, book } = upbitClient(venue.adapter);
      const order = book.create({
        instrument: BTCKRW,
        side: 'BUY',
        type: OrderType.Limit,
        quantity: 0.001,
        price: 101_000_000,
        timeInForce: 'IOC',
      });
      client.submitOrder(order);
      await client.idle();
      expect(order.status).toBe(OrderStatus.Filled);
    } finally {
      await venue.close();
    }
  });

  it('with credentials in the environment: the live adapter signs with them (checked by a venue that knows them)', async () => {
    const real = await MockBinanceVenue.start({
      apiKey: 'real-key',
      apiSecret: 'real-secret',
      markets: [{ symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: 0.01, lotSize: 0.0001 }],
      balances: { USDT: 5 },
    });
    try {
      const secrets = ['prod-binance-key', 'prod-binance-secret'];
      const venue = await openVenue({
        id: 'binance',
        credentialSecrets: secrets,
        instruments: [BTCUSDT],
        baseUrl: real.url,
        env: { PROD_BINANCE_KEY: 'real-key', PROD_BINANCE_SECRET: 'real-secret' },
      });
      expect(venue.mode).toBe('live');
      expect(await venue.adapter.balances()).toEqual(expect.arrayContaining([{ asset: 'USDT', free: 5, locked: 0 }]));
      const wrong = await openVenue({
        id: 'binance',
        credentialSecrets: secrets,
        instruments: [BTCUSDT],
        baseUrl: real.url,
        env: { PROD_BINANCE_KEY: 'real-key', PROD_BINANCE_SECRET: 'nope' },
      });
      await expect(wrong.adapter.balances()).rejects.toMatchObject({ kind: 'auth' });
    } finally {
      await real.stop();
    }
  });

  it('sandbox instruments keep their order rules at the mock', async () => {
    const coarse = createInstrument({ ...BTCUSDT, lotSize: 0.01 });
    const venue = await openVenue({ id: 'binance', credentialSecrets: ['a', 'b'], instruments: [coarse], env: {} });
    try {
      venue.sandbox!.setPrice('BTCUSDT', 60_000);
      const finer = createInstrument({ ...BTCUSDT, lotSize: 0.001 });
      const { book } = clientFor(venue.adapter);
      const result = await venue.adapter.submit({
        order: book.create({ instrument: finer, side: 'BUY', type: OrderType.Market, quantity: 0.005 }),
        instrument: finer,
      });
      expect(result).toMatchObject({ status: 'rejected', code: '-1013' });
    } finally {
      await venue.close();
    }
  });
});
