import 'reflect-metadata';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

/**
 * The order service over HTTP with the real in-memory bus and PGlite: orders persist, their
 * commands reach the bus through the outbox, and risk decisions move them on.
 */
let platform: EmbeddedPlatform;
let bus: EventBus;
const seen: DeliveredMessage[] = [];

const order = (clientOrderId: string, extra: Record<string, unknown> = {}) => ({
  clientOrderId,
  strategyId: 'manual',
  instrumentId: 'BTCUSDT.paper',
  side: 'BUY',
  orderType: 'LIMIT',
  quantity: 0.5,
  price: 64_000,
  ...extra,
});

async function post(body: unknown): Promise<Response> {
  return fetch(`${platform.service('order').url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function status(clientOrderId: string): Promise<string> {
  const response = await fetch(`${platform.service('order').url}/orders/${clientOrderId}`);
  return ((await response.json()) as { status: string }).status;
}

beforeAll(async () => {
  platform = await startEmbeddedServices([{ manifest, appModule: AppModule }], { ports: 'ephemeral', env: {} });
  bus = platform.infrastructure.bus!;
  await bus.subscribe({
    groupId: 'test-observer',
    topics: [PLATFORM_TOPICS.orderCommands, PLATFORM_TOPICS.orderEvents],
    handler: (delivery) => {
      seen.push(delivery);
    },
  });
});

afterAll(async () => {
  await platform?.close();
});

describe('orders API', () => {
  it('persists a new order and publishes its order.submit command through the outbox', async () => {
    const response = await post(order('ord-1'));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ clientOrderId: 'ord-1', status: 'INITIALIZED', quantity: 0.5 });
    const command = await eventually(
      () => seen.find((d) => d.message.type === 'order.submit' && d.key === 'ord-1'),
      'order.submit on the bus',
    );
    expect(command.topic).toBe(PLATFORM_TOPICS.orderCommands.name);
    expect(command.message).toMatchObject({ clientOrderId: 'ord-1', side: 'BUY', price: 64_000 });
  });

  it('answers 409 for a client order id it already has, and places nothing again', async () => {
    const response = await post(order('ord-1', { quantity: 9 }));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ status: 409, title: 'Duplicate client order id' });
    const list = (await (await fetch(`${platform.service('order').url}/orders`)).json()) as {
      clientOrderId: string;
      quantity: number;
    }[];
    expect(list.filter((o) => o.clientOrderId === 'ord-1')).toEqual([expect.objectContaining({ quantity: 0.5 })]);
    expect(seen.filter((d) => d.message.type === 'order.submit' && d.key === 'ord-1')).toHaveLength(1);
  });

  it('answers 400 naming each field at fault', async () => {
    const response = await post(order('ord-bad', { quantity: -1, side: 'HOLD' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['quantity', 'side']);

    const noPrice = await post(order('ord-bad', { price: undefined }));
    expect(noPrice.status).toBe(400);
    expect(await noPrice.json()).toMatchObject({ errors: [{ field: 'price', message: 'LIMIT order needs a price' }] });
  });

  it('answers 404 for an order it does not have', async () => {
    expect((await fetch(`${platform.service('order').url}/orders/nope`)).status).toBe(404);
  });

  it('moves an approved order to SUBMITTED and publishes order.submitted', async () => {
    await post(order('ord-2'));
    await bus.publish(PLATFORM_TOPICS.riskDecisions, {
      type: 'risk.decision',
      version: 1,
      clientOrderId: 'ord-2',
      ts: Date.now(),
      approved: true,
    });
    await eventually(async () => ((await status('ord-2')) === 'SUBMITTED' ? true : undefined), 'SUBMITTED');
    await eventually(
      () => seen.find((d) => d.message.type === 'order.submitted' && d.key === 'ord-2'),
      'order.submitted',
    );
  });

  it('moves a denied order to DENIED with the code and reason, once', async () => {
    await post(order('ord-3'));
    const denial = {
      type: 'risk.decision',
      version: 1,
      clientOrderId: 'ord-3',
      ts: Date.now(),
      approved: false,
      code: 'TRADING_HALTED',
      reason: 'trading is HALTED; only cancels pass',
    } as const;
    await bus.publish(PLATFORM_TOPICS.riskDecisions, denial);
    await bus.publish(PLATFORM_TOPICS.riskDecisions, denial); // a second delivery changes nothing
    await eventually(async () => ((await status('ord-3')) === 'DENIED' ? true : undefined), 'DENIED');
    const denied = await eventually(
      () => seen.find((d) => d.message.type === 'order.denied' && d.key === 'ord-3'),
      'order.denied',
    );
    expect(denied.message).toMatchObject({ code: 'TRADING_HALTED' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.filter((d) => d.message.type === 'order.denied' && d.key === 'ord-3')).toHaveLength(1);
  });
});
