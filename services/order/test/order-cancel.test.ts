import 'reflect-metadata';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { DeliveredMessage, EventBus } from '@tradeforge/runtime';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

/**
 * Cancels over HTTP with the real bus and PGlite; risk's decisions and the venue's answers are
 * published here, so each step of the order's life is the test's to choose.
 */
let platform: EmbeddedPlatform;
let bus: EventBus;
const seen: DeliveredMessage[] = [];

const base = (clientOrderId: string) => ({
  version: 1 as const,
  clientOrderId,
  strategyId: 'manual',
  instrumentId: 'BTCUSDT.paper',
  ts: Date.now(),
});

async function place(clientOrderId: string): Promise<void> {
  const response = await fetch(`${platform.service('order').url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientOrderId,
      strategyId: 'manual',
      instrumentId: 'BTCUSDT.paper',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: 0.5,
      price: 62_000,
    }),
  });
  expect(response.status).toBe(201);
}

async function cancel(clientOrderId: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${platform.service('order').url}/orders/${clientOrderId}/cancel`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function reaches(clientOrderId: string, status: string): Promise<void> {
  await eventually(async () => {
    const order = (await (await fetch(`${platform.service('order').url}/orders/${clientOrderId}`)).json()) as {
      status: string;
    };
    return order.status === status ? true : undefined;
  }, `${clientOrderId} ${status}`);
}

const published = (type: string, clientOrderId: string) =>
  seen.filter(
    (d) => d.message.type === type && 'clientOrderId' in d.message && d.message.clientOrderId === clientOrderId,
  );

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

describe('cancel an order', () => {
  it('answers 404 for an unknown order', async () => {
    expect(await cancel('nope')).toMatchObject({ status: 404, body: { detail: 'no order "nope"' } });
  });

  it('moves a working order to PENDING_CANCEL and sends one order.cancel through the outbox, however often asked', async () => {
    await place('c-1');
    await bus.publish(PLATFORM_TOPICS.riskDecisions, { type: 'risk.decision', ...base('c-1'), approved: true });
    await reaches('c-1', 'SUBMITTED');

    expect(await cancel('c-1')).toEqual({ status: 202, body: { clientOrderId: 'c-1', status: 'PENDING_CANCEL' } });
    expect(await cancel('c-1')).toEqual({ status: 202, body: { clientOrderId: 'c-1', status: 'PENDING_CANCEL' } });
    await eventually(() => (published('order.cancel', 'c-1').length > 0 ? true : undefined), 'order.cancel c-1');
    await eventually(() => (published('order.pending-cancel', 'c-1').length > 0 ? true : undefined), 'pending-cancel');
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a second command, if one were sent
    expect(published('order.cancel', 'c-1')).toHaveLength(1);
    expect(published('order.cancel', 'c-1')[0]!.topic).toBe(PLATFORM_TOPICS.orderCommands.name);
  });

  it('ends CANCELED on the venue answer, after which a cancel is a 409 with the order', async () => {
    await bus.publish(PLATFORM_TOPICS.orderEvents, { type: 'order.canceled', ...base('c-1'), reason: 'by request' });
    await reaches('c-1', 'CANCELED');
    expect(await cancel('c-1')).toMatchObject({
      status: 409,
      body: { order: { clientOrderId: 'c-1', status: 'CANCELED' } },
    });
  });

  it('goes back to ACCEPTED when the venue refuses the cancel', async () => {
    await place('c-2');
    await bus.publish(PLATFORM_TOPICS.riskDecisions, { type: 'risk.decision', ...base('c-2'), approved: true });
    await bus.publish(PLATFORM_TOPICS.orderEvents, {
      type: 'order.accepted',
      ...base('c-2'),
      venueOrderId: 'paper-O9',
    });
    await reaches('c-2', 'ACCEPTED');
    expect((await cancel('c-2')).status).toBe(202);
    await bus.publish(PLATFORM_TOPICS.orderEvents, {
      type: 'order.cancel-rejected',
      ...base('c-2'),
      reason: 'order is not working at the venue',
    });
    await reaches('c-2', 'ACCEPTED');
  });

  it('still ends DENIED when risk denies an order whose cancel was asked for first', async () => {
    await place('c-3');
    expect((await cancel('c-3')).body).toMatchObject({ status: 'PENDING_CANCEL' });
    await bus.publish(PLATFORM_TOPICS.riskDecisions, {
      type: 'risk.decision',
      ...base('c-3'),
      approved: false,
      code: 'TRADING_HALTED',
      reason: 'trading is HALTED',
    });
    await reaches('c-3', 'DENIED');
  });
});
