import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLATFORM_TOPICS } from '@tradeforge/runtime';
import type { EventBus } from '@tradeforge/runtime';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { AppModule as BrokerAppModule } from '../../broker/src/app.module.js';
import { manifest as brokerManifest } from '../../broker/src/generated/service-manifest.js';
import { AppModule as OrderAppModule } from '../../order/src/app.module.js';
import { manifest as orderManifest } from '../../order/src/generated/service-manifest.js';
import { AppModule as RiskAppModule } from '../../risk/src/app.module.js';
import { manifest as riskManifest } from '../../risk/src/generated/service-manifest.js';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

interface Position {
  instrumentId: string;
  quantity: number;
  averagePrice: number;
}
interface Account {
  cash: number;
  positions: Position[];
}

// PGlite on disk stands in for the database a restarted portfolio finds (PostgreSQL in distributed mode).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-restart-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const bar = (bus: EventBus, close: number) =>
  bus.publish(PLATFORM_TOPICS.marketBars, {
    type: 'market.bar',
    version: 1,
    instrumentId: 'ETHUSDT.paper',
    ts: Date.now(),
    open: close,
    high: close + 2,
    low: close - 2,
    close,
    volume: 500,
  });

describe('positions after the portfolio restarts', () => {
  it('rebuilds positions and cash from the recorded fills, before any message arrives', async () => {
    const first = await startEmbeddedServices(
      [
        { manifest: orderManifest, appModule: OrderAppModule },
        { manifest: riskManifest, appModule: RiskAppModule },
        { manifest: brokerManifest, appModule: BrokerAppModule },
        { manifest, appModule: AppModule },
      ],
      { ports: 'ephemeral', env: { PGLITE_DATA_DIR: dataDir } },
    );
    let before: Account;
    try {
      const bus = first.infrastructure.bus!;
      await bar(bus, 3_200);
      await eventually(async () => {
        const placed = await fetch(`${first.service('order').url}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            clientOrderId: `restart-${Date.now()}`,
            strategyId: 'manual',
            instrumentId: 'ETHUSDT.paper',
            side: 'BUY',
            orderType: 'MARKET',
            quantity: 0.5,
          }),
        });
        return placed.status === 201 ? true : undefined;
      }, 'the order to be taken');
      before = await eventually(async () => {
        await bar(bus, 3_201);
        const account = (await (await fetch(`${first.service('portfolio').url}/account`)).json()) as Account;
        return account.positions.some((p) => p.instrumentId === 'ETHUSDT.paper') ? account : undefined;
      }, 'the ETH position');
    } finally {
      await first.close();
    }

    // The portfolio alone, on the same database: no order, fill or bar is sent this time.
    const second = await startEmbeddedServices([{ manifest, appModule: AppModule }], {
      ports: 'ephemeral',
      env: { PGLITE_DATA_DIR: dataDir },
    });
    try {
      const after = (await (await fetch(`${second.service('portfolio').url}/account`)).json()) as Account;
      const position = after.positions.find((p) => p.instrumentId === 'ETHUSDT.paper');
      const earlier = before.positions.find((p) => p.instrumentId === 'ETHUSDT.paper')!;
      expect(position?.quantity).toBeCloseTo(earlier.quantity, 10);
      expect(position?.averagePrice).toBeCloseTo(earlier.averagePrice, 8);
      expect(after.cash).toBeCloseTo(before.cash, 6);
    } finally {
      await second.close();
    }
  });
});
