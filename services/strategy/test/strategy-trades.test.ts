import 'reflect-metadata';
import { startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The strategy trades through the rest of the platform: market data in, orders out.
import { AppModule as BrokerAppModule } from '../../broker/src/app.module.js';
import { manifest as brokerManifest } from '../../broker/src/generated/service-manifest.js';
import { AppModule as MarketDataAppModule } from '../../market-data/src/app.module.js';
import { manifest as marketDataManifest } from '../../market-data/src/generated/service-manifest.js';
import { AppModule as OrderAppModule } from '../../order/src/app.module.js';
import { manifest as orderManifest } from '../../order/src/generated/service-manifest.js';
import { AppModule as PortfolioAppModule } from '../../portfolio/src/app.module.js';
import { manifest as portfolioManifest } from '../../portfolio/src/generated/service-manifest.js';
import { AppModule as RiskAppModule } from '../../risk/src/app.module.js';
import { manifest as riskManifest } from '../../risk/src/generated/service-manifest.js';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';

let platform: EmbeddedPlatform;

beforeAll(async () => {
  process.env.MARKET_DATA_INTERVAL_MS = '10';
  // The strategy reaches the order service by its configured port, as in `npm start`.
  platform = await startEmbeddedServices(
    [
      { manifest: orderManifest, appModule: OrderAppModule },
      { manifest: riskManifest, appModule: RiskAppModule },
      { manifest: brokerManifest, appModule: BrokerAppModule },
      { manifest: portfolioManifest, appModule: PortfolioAppModule },
      { manifest, appModule: AppModule },
      { manifest: marketDataManifest, appModule: MarketDataAppModule },
    ],
    { env: {} },
  );
});

afterAll(async () => {
  delete process.env.MARKET_DATA_INTERVAL_MS;
  await platform?.close();
});

describe('the configured sample strategy, live', () => {
  it('trades on streamed bars: its orders reach the order service and fill', async () => {
    interface Order {
      strategyId: string;
      status: string;
    }
    let ours: Order[] = [];
    for (let attempt = 0; attempt < 240 && !ours.some((o) => o.status === 'FILLED'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const orders = (await (await fetch(`${platform.service('order').url}/orders`)).json()) as Order[];
      ours = orders.filter((o) => o.strategyId.startsWith('sma-crossover-'));
    }
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.some((o) => o.status === 'FILLED')).toBe(true);
  });
});
