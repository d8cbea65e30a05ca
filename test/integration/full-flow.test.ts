// One order through the containerized platform, the way a client places it: the gateway's API
// with a signed token → order service (PostgreSQL, outbox) → risk → broker's paper venue → fill
// → portfolio. Checked in the API's answers, in PostgreSQL's rows and on Kafka's topics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_TOPICS } from '../../packages/runtime/src/generated/platform-topics.js';
import { GatewayClient } from './harness/gateway-client.js';
import { TopicReader } from './harness/kafka-topics.js';
import { PlatformDatabase } from './harness/platform-database.js';
import { waitUntil } from './harness/wait-until.js';

const INSTRUMENT = 'BTCUSDT.paper';
const clientOrderId = `flow-${Date.now().toString(36)}`;

let gateway: GatewayClient;
let database: PlatformDatabase;
let topics: TopicReader;

interface OrderResponse {
  clientOrderId: string;
  status: string;
  filledQuantity: number;
  averagePrice?: number;
  quantity: number;
}

beforeAll(async () => {
  gateway = await GatewayClient.forStack('full-flow');
  database = PlatformDatabase.forStack();
  topics = await TopicReader.start([
    PLATFORM_TOPICS.orderCommands.name,
    PLATFORM_TOPICS.riskDecisions.name,
    PLATFORM_TOPICS.orderEvents.name,
    PLATFORM_TOPICS.fills.name,
    PLATFORM_TOPICS.positions.name,
  ]);
});

afterAll(async () => {
  await topics?.stop();
  await database?.close();
});

describe('an order through the gateway', () => {
  let filledOrder: OrderResponse;

  it('is taken (201), risk approves it and the paper venue fills it on the next bar', async () => {
    const placed = await gateway.placeOrder({
      clientOrderId,
      instrumentId: INSTRUMENT,
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.0123,
    });
    expect(placed.status, await placed.clone().text()).toBe(201);
    expect(await placed.json()).toMatchObject({ clientOrderId, status: 'INITIALIZED', quantity: 0.0123 });

    filledOrder = await waitUntil(async () => {
      const order = await gateway.json<OrderResponse>(`/api/orders/${clientOrderId}`);
      return order.status === 'FILLED' ? order : undefined;
    }, 'the order to be FILLED');
    expect(filledOrder.filledQuantity).toBe(0.0123);
    expect(filledOrder.averagePrice).toBeGreaterThan(0);
  });

  it('refuses the same client order id again (409) and a malformed order (400 naming the field)', async () => {
    const again = await gateway.placeOrder({
      clientOrderId,
      instrumentId: INSTRUMENT,
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.0123,
    });
    expect(again.status).toBe(409);
    const bad = await gateway.request('POST', '/api/orders', {
      clientOrderId: `${clientOrderId}-bad`,
      instrumentId: INSTRUMENT,
      side: 'BUY',
      type: 'MARKET',
      quantity: -1,
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('quantity');
  });

  it('left its rows in PostgreSQL: the order, its events in order, one fill, every outbox row published', async () => {
    const [order] = await database.query<{ status: string; filled_quantity: string; version: number }>(
      'SELECT status, filled_quantity, version FROM orders WHERE client_order_id = $1',
      [clientOrderId],
    );
    expect(order).toMatchObject({ status: 'FILLED', filled_quantity: '0.012300000000000000' });
    const events = await database.eventTypes(clientOrderId);
    expect(events[0]).toBe('order.initialized');
    expect(events.at(-1)).toBe('order.filled');
    expect(events).toContain('order.accepted');
    expect(events.length).toBe(order!.version);
    const fills = await database.query<{ quantity: string; price: string; side: string }>(
      'SELECT quantity, price, side FROM fills WHERE client_order_id = $1',
      [clientOrderId],
    );
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ quantity: '0.012300000000000000', side: 'BUY' });
    // The order's average is computed in floating point (64086.99999999999 for a fill at 64087).
    expect(Number(fills[0]!.price)).toBeCloseTo(filledOrder.averagePrice!, 6);
    await waitUntil(
      async () =>
        Number(
          (
            await database.query<{ n: string }>(
              'SELECT count(*) AS n FROM outbox WHERE key = $1 AND published_at IS NULL',
              [clientOrderId],
            )
          )[0]!.n,
        ) === 0 || undefined,
      'the outbox rows of the order to be published',
    );
  });

  it('travelled over Kafka: submit command, risk approval, venue events and the fill', async () => {
    await topics.waitFor(
      () => topics.forOrder(clientOrderId).some((r) => r.topic === PLATFORM_TOPICS.fills.name),
      'the fill on the fills topic',
    );
    const seen = topics.forOrder(clientOrderId).map((r) => `${r.topic} ${r.value.type}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `${PLATFORM_TOPICS.orderCommands.name} order.submit`,
        `${PLATFORM_TOPICS.riskDecisions.name} risk.decision`,
        `${PLATFORM_TOPICS.orderEvents.name} order.accepted`,
        `${PLATFORM_TOPICS.orderEvents.name} order.filled`,
        `${PLATFORM_TOPICS.fills.name} order.filled`,
      ]),
    );
    const decision = topics.forOrder(clientOrderId).find((r) => r.value.type === 'risk.decision');
    expect(decision?.value.approved).toBe(true);
    // Every message carries the id consumers deduplicate by.
    for (const record of topics.forOrder(clientOrderId)) expect(record.messageId).toBeTruthy();
  });

  it("moved the portfolio's position by the fill, as the API reports it", async () => {
    // The config's sample strategy trades the same instrument on the same stack, so the position
    // is checked against every recorded fill; ours is among them (the PostgreSQL test above).
    await waitUntil(async () => {
      const positions = await gateway.json<{ instrumentId: string; quantity: number }[]>('/api/positions');
      const quantity = positions.find((p) => p.instrumentId === INSTRUMENT)?.quantity ?? 0;
      const recorded = (await database.fillTotals()).get(INSTRUMENT) ?? 0;
      return Math.abs(quantity - recorded) < 1e-9 || undefined;
    }, 'the position to equal the recorded fills, ours included');
    const account = await gateway.json<{ cash: number; equity: number }>('/api/account');
    expect(account.equity).toBeGreaterThan(0);
  });
});
