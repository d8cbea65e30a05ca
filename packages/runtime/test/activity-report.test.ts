import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../src/bus/create-event-bus.js';
import type { EventBus } from '../src/bus/event-bus.js';
import { PLATFORM_TOPICS } from '../src/generated/platform-topics.js';
import { reportActivity } from '../src/launcher/activity-report.js';
import { eventually } from '../src/testing/index.js';

describe('activity report of npm start', () => {
  let bus: EventBus | undefined;
  afterEach(async () => {
    await bus?.stop();
  });

  it('counts orders sent to the venue, fills and denials, with the latest equity', async () => {
    bus = await createEventBus({ env: { PLATFORM_MODE: 'embedded' }, clientId: 'test' });
    await bus.start();
    const lines: string[] = [];
    const stop = await reportActivity(bus, (line) => lines.push(line), 50);
    const base = { version: 1, strategyId: 'manual', instrumentId: 'BTCUSDT.paper', ts: Date.now() } as const;
    await bus.publish(PLATFORM_TOPICS.orderEvents, {
      ...base,
      type: 'order.submitted',
      clientOrderId: 'a-1',
      venue: 'paper',
    });
    await bus.publish(PLATFORM_TOPICS.orderEvents, {
      ...base,
      type: 'order.denied',
      clientOrderId: 'a-2',
      code: 'TRADING_HALTED',
      reason: 'halted',
    });
    await bus.publish(PLATFORM_TOPICS.positions, {
      type: 'account.snapshot',
      version: 1,
      accountId: 'demo-trader',
      ts: Date.now(),
      currency: 'USDT',
      cash: 990_000,
      equity: 1_000_012.5,
      realizedPnl: 0,
      unrealizedPnl: 12.5,
      fees: 0,
      grossExposure: 10_000,
      positions: [],
    });
    const line = await eventually(() => lines.find((l) => l.includes('1 orders to the venue')), 'an activity line');
    expect(line).toContain('0 fills, 1 denied by risk; equity 1000012.50');
    await stop();
  });
});
