import 'reflect-metadata';
import net from 'node:net';
import { Module } from '@nestjs/common';
import { contracts, createInstrument } from '@tradeforge/core';
import type { Message } from '@tradeforge/core';
import { BUS_SETTINGS, InMemoryEventBus, PLATFORM_TOPICS, createServiceMetrics } from '@tradeforge/runtime';
import { eventually, startServiceForTest } from '@tradeforge/runtime/testing';
import type { RunningService } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../src/generated/service-manifest.js';
import { BROKER_SETTINGS } from '../src/routing/broker-settings.js';
import type { BrokerSettings } from '../src/routing/broker-settings.js';
import { BrokerService } from '../src/routing/broker.service.js';
import { Broker } from '../src/routing/broker.js';
import {
  VENUE_CIRCUIT_OPEN_METRIC,
  registerVenueCircuitGauge,
  venueReadinessProbes,
} from '../src/routing/venue-health.js';

const BTC = createInstrument({
  symbol: 'BTCUSDT',
  venue: 'binance',
  quoteCurrency: 'USDT',
  tickSize: 0.01,
  lotSize: 0.0001,
  minNotional: 5,
});
const ETH = createInstrument({
  symbol: 'ETHUSDT',
  venue: 'paper',
  quoteCurrency: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minNotional: 10,
});
const BTCKRW = createInstrument({
  symbol: 'BTCKRW',
  venue: 'upbit',
  quoteCurrency: 'KRW',
  tickSize: 1000,
  lotSize: 0.00000001,
  minNotional: 5000,
});

/** Like the generated platform settings: BTCUSDT on Binance (sandbox: no credentials), ETHUSDT on paper, Upbit off. */
const settings: BrokerSettings = {
  instruments: [BTC, ETH, BTCKRW],
  venues: [
    { id: 'paper', enabled: true },
    { id: 'binance', enabled: true, credentialSecrets: ['binance-api-key', 'binance-api-secret'] },
    { id: 'upbit', enabled: false },
  ],
};

/** A broker on a real in-memory bus, with what it publishes recorded. */
async function startBroker(brokerSettings: BrokerSettings, env: Record<string, string> = {}) {
  const bus = new InMemoryEventBus({ topics: PLATFORM_TOPICS, settings: BUS_SETTINGS });
  const events: Message[] = [];
  const fills: Message[] = [];
  await bus.subscribe({
    groupId: 'test-events',
    topics: [PLATFORM_TOPICS.orderEvents],
    handler: ({ message }) => void events.push(message),
  });
  await bus.subscribe({
    groupId: 'test-fills',
    topics: [PLATFORM_TOPICS.fills],
    handler: ({ message }) => void fills.push(message),
  });
  await bus.start();
  const broker = await Broker.start({ bus, settings: brokerSettings, env });
  const of = (clientOrderId: string) => events.filter((e) => 'clientOrderId' in e && e.clientOrderId === clientOrderId);
  const close = async () => {
    await broker.close();
    await bus.stop();
  };
  return { bus, broker, events, fills, of, close };
}
type Running = Awaited<ReturnType<typeof startBroker>>;

function submit(clientOrderId: string, instrumentId: string, quantity: number, price?: number) {
  return contracts.submitOrderSchema.parse({
    type: 'order.submit',
    version: 1,
    clientOrderId,
    strategyId: 'test',
    instrumentId,
    side: 'BUY',
    orderType: price === undefined ? 'MARKET' : 'LIMIT',
    price,
    quantity,
    timeInForce: 'GTC',
    ts: Date.now(),
  });
}

/** The order command and its approval, as the order and risk services publish them. */
async function placeApproved(run: Running, command: contracts.SubmitOrderCommand): Promise<void> {
  await run.bus.publish(PLATFORM_TOPICS.orderCommands, command);
  await run.bus.publish(PLATFORM_TOPICS.riskDecisions, {
    type: 'risk.decision',
    version: 1,
    clientOrderId: command.clientOrderId,
    ts: Date.now(),
    approved: true,
  });
}

async function cancel(run: Running, clientOrderId: string, instrumentId: string): Promise<void> {
  await run.bus.publish(PLATFORM_TOPICS.orderCommands, {
    type: 'order.cancel',
    version: 1,
    clientOrderId,
    strategyId: 'test',
    instrumentId,
    ts: Date.now(),
  });
}

/** Bars until `until` finds what it waits for: they drive the paper venue and the sandbox venue's price. */
async function withBars<T>(
  run: Running,
  instrumentId: string,
  close: number,
  until: () => T | undefined,
  what: string,
) {
  return eventually(async () => {
    const bar = {
      instrumentId,
      ts: Date.now(),
      open: close,
      high: close * 1.01,
      low: close * 0.99,
      close,
      volume: 1_000,
    };
    await run.bus.publish(PLATFORM_TOPICS.marketBars, contracts.toBarMessage(bar));
    return until();
  }, what);
}

const findEvent = (run: Running, clientOrderId: string, type: string) =>
  run.of(clientOrderId).find((e) => e.type === type);

describe('the broker routes each order to its instrument’s venue', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startBroker(settings);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('opens Binance in sandbox mode (no credentials) and reconciles it before trading', () => {
    const binance = run.broker.liveVenues.get('binance')!;
    expect(binance.opened.mode).toBe('sandbox');
    expect(binance.status()).toMatchObject({ status: 'up', circuit: 'closed', tradingAllowed: true });
    expect([...run.broker.liveVenues.keys()]).toEqual(['binance']);
  });

  it('an approved BTCUSDT order fills at the (mock) Binance venue, an ETHUSDT order at the paper venue', async () => {
    await withBars(run, BTC.id, 60_000, () => true, 'a first price at the sandbox venue');
    await placeApproved(run, submit('btc-1', BTC.id, 0.01));
    await placeApproved(run, submit('eth-1', ETH.id, 0.5));
    await withBars(run, ETH.id, 3_000, () => findEvent(run, 'eth-1', 'order.filled'), 'eth-1 to fill on paper');
    await eventually(() => findEvent(run, 'btc-1', 'order.filled'), 'btc-1 to fill at Binance');

    expect(findEvent(run, 'btc-1', 'order.filled')).toMatchObject({ venue: 'binance', quantity: 0.01 });
    expect(findEvent(run, 'eth-1', 'order.filled')).toMatchObject({ venue: 'paper' });
    // Fills are on the fills topic too, where the portfolio reads them.
    expect(run.fills.map((f) => 'clientOrderId' in f && f.clientOrderId)).toEqual(
      expect.arrayContaining(['btc-1', 'eth-1']),
    );
    // The venue holds what we bought: positions still reconcile, so trading stays allowed.
    const binance = run.broker.liveVenues.get('binance')!;
    await binance.reconcile();
    expect(binance.status().tradingAllowed).toBe(true);
  });

  it('a cancel goes to the venue that holds the order', async () => {
    const binance = run.broker.liveVenues.get('binance')!;
    await placeApproved(run, submit('btc-resting', BTC.id, 0.01, 30_000));
    await eventually(() => findEvent(run, 'btc-resting', 'order.accepted'), 'btc-resting to rest at Binance');
    expect((await binance.opened.adapter.openOrders([BTC])).map((o) => o.clientOrderId)).toEqual(['btc-resting']);

    await placeApproved(run, submit('eth-resting', ETH.id, 0.5, 1_000));
    await withBars(
      run,
      ETH.id,
      3_000,
      () => findEvent(run, 'eth-resting', 'order.accepted'),
      'eth-resting to rest on paper',
    );

    await cancel(run, 'btc-resting', BTC.id);
    await eventually(() => findEvent(run, 'btc-resting', 'order.canceled'), 'btc-resting canceled at Binance');
    expect(await binance.opened.adapter.openOrders([BTC])).toEqual([]);
    expect(findEvent(run, 'eth-resting', 'order.canceled')).toBeUndefined();

    await cancel(run, 'eth-resting', ETH.id);
    await withBars(
      run,
      ETH.id,
      3_000,
      () => findEvent(run, 'eth-resting', 'order.canceled'),
      'eth-resting canceled on paper',
    );
  });

  it('rejects an order for a disabled venue, naming it', async () => {
    await placeApproved(run, submit('krw-1', BTCKRW.id, 0.001));
    const rejected = await eventually(() => findEvent(run, 'krw-1', 'order.rejected'), 'krw-1 rejected');
    expect(rejected).toMatchObject({ reason: 'venue upbit is disabled' });
  });

  it('reports each real venue in /ready and its circuit in /metrics', async () => {
    const venues = [...run.broker.liveVenues.values()];
    const probes = venueReadinessProbes(venues);
    expect(await probes['venue:binance']!()).toMatchObject({
      status: 'up',
      detail: 'binance: circuit closed, reconciled',
    });
    const { registry } = createServiceMetrics({ name: 'broker', role: 'broker' });
    registerVenueCircuitGauge(registry, venues);
    expect(await registry.metrics()).toContain(`${VENUE_CIRCUIT_OPEN_METRIC}{venue="binance",service="broker"} 0`);
  });
});

describe('a venue reconciles as often as its settings say', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startBroker({
      instruments: [BTC],
      venues: [{ id: 'binance', enabled: true, reconcileEveryMs: 1_000 }],
    });
  });
  afterAll(async () => {
    await run?.close();
  });

  it('learns the fill of a resting order at the next pass, without anything asking', async () => {
    await withBars(run, BTC.id, 60_000, () => true, 'a first price at the sandbox venue');
    await placeApproved(run, submit('btc-dip', BTC.id, 0.01, 59_000));
    await eventually(() => findEvent(run, 'btc-dip', 'order.accepted'), 'btc-dip to rest at Binance');
    // The sandbox venue fills the resting buy once its price falls through the limit. No venue
    // pushes our executions yet, so only a reconciliation pass tells the broker: at the default
    // 60 s this would time out (the wait below gives up after 7.5 s).
    await withBars(run, BTC.id, 58_000, () => true, 'the price to fall through the limit');
    const filled = await eventually(() => findEvent(run, 'btc-dip', 'order.filled'), 'btc-dip fill from a pass');
    expect(filled).toMatchObject({ venue: 'binance', quantity: 0.01 });
  });
});

describe('a venue that has not reconciled is closed to orders', () => {
  let run: Running;
  beforeAll(async () => {
    // Credentials in the environment make the venue live; nothing listens at its address.
    const unreachable = await closedPort();
    run = await startBroker(
      {
        instruments: [BTC],
        venues: [{ id: 'binance', enabled: true, baseUrl: `http://127.0.0.1:${unreachable}` }],
      },
      { BINANCE_API_KEY: 'key', BINANCE_API_SECRET: 'secret' },
    );
  });
  afterAll(async () => {
    await run?.close();
  });

  it('rejects the order with the reason, and /ready says the venue is down', async () => {
    const binance = run.broker.liveVenues.get('binance')!;
    expect(binance.opened.mode).toBe('live');
    await placeApproved(run, submit('btc-blocked', BTC.id, 0.01));
    const rejected = await eventually(() => findEvent(run, 'btc-blocked', 'order.rejected'), 'btc-blocked rejected');
    expect(rejected).toMatchObject({
      reason: expect.stringMatching(/^venue binance is blocked: binance: circuit \w+, not reconciled yet/),
    });
    expect(await venueReadinessProbes([binance])['venue:binance']!()).toMatchObject({ status: 'down' });
  });

  it('opens the circuit after repeated connection failures, and the gauge shows it', async () => {
    const binance = run.broker.liveVenues.get('binance')!;
    // Each pass asks the unreachable venue again (with retries): failures in a row open the breaker.
    await eventually(
      async () => {
        if (binance.status().circuit === 'open') return true;
        await binance.reconcile();
        return undefined;
      },
      'the circuit to open',
      { attempts: 10 },
    );
    const { registry } = createServiceMetrics({ name: 'broker', role: 'broker' });
    registerVenueCircuitGauge(registry, [binance]);
    expect(await registry.metrics()).toContain(`${VENUE_CIRCUIT_OPEN_METRIC}{venue="binance",service="broker"} 1`);
    expect(await venueReadinessProbes([binance])['venue:binance']!()).toMatchObject({
      status: 'down',
      detail: expect.stringMatching(/^binance: circuit open/),
    });
  });
});

/** The broker service as `BrokerModule` builds it, on these settings instead of the generated ones. */
@Module({ providers: [BrokerService, { provide: BROKER_SETTINGS, useValue: settings }] })
class BrokerWithBinance {}

describe('the broker service with a real venue enabled', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startServiceForTest(manifest, BrokerWithBinance);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers /ready with the venue’s check next to the bus', async () => {
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checks: Record<string, unknown> };
    expect(body.checks).toMatchObject({
      bus: { status: 'up' },
      'venue:binance': { status: 'up', detail: 'binance: circuit closed, reconciled' },
    });
  });

  it('serves tradeforge_venue_circuit_open{venue} in /metrics', async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain(`${VENUE_CIRCUIT_OPEN_METRIC}{venue="binance",service="broker"} 0`);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
