import 'reflect-metadata';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, startEmbeddedServices } from '@tradeforge/runtime/testing';
import type { EmbeddedPlatform } from '@tradeforge/runtime/testing';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The whole platform, as `npm start` runs it, with the dashboard in front of it.
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
import { AppModule as StrategyAppModule } from '../../strategy/src/app.module.js';
import { manifest as strategyManifest } from '../../strategy/src/generated/service-manifest.js';
import { AppModule } from '../src/app.module.js';
import { manifest } from '../src/generated/service-manifest.js';
import { JWT_SECRET, tokenFor } from './support/gateway-platform.js';

/** Debian's chromium: playwright-core drives it and downloads no browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../../reports/dashboard.png', import.meta.url));
// ETH, because the sample strategy trades BTC: a change in the ETH position is this test's order.
const INSTRUMENT = 'ETHUSDT.paper';
const WAIT = { timeout: 30_000 };
const MISSING_CHROMIUM =
  `Chromium is missing (looked for ${CHROMIUM}); the dashboard's browser test needs it: ` +
  "run `bash scripts/install-test-dependencies.sh` (installs Debian's chromium), or set CHROMIUM_PATH.";

let platform: EmbeddedPlatform;
let browser: Browser;
let page: Page;
let dashboardUrl: string;
/** Uncaught errors in the page's scripts: the last test expects none. */
const pageErrors: string[] = [];

const byTestId = (testId: string) => page.locator(`[data-testid="${testId}"]`);

/** Places an order through the page's form; returns the client order id the page made for it. */
async function placeOrder(side: 'BUY' | 'SELL', quantity: number): Promise<string> {
  const before = await byTestId('order-result').textContent();
  await byTestId('order-instrument').fill(INSTRUMENT);
  await byTestId('order-side').selectOption(side);
  await byTestId('order-type').selectOption('MARKET');
  await byTestId('order-quantity').fill(String(quantity));
  await byTestId('order-submit').click();
  // The page reports "Order <id> placed: <status>" once the gateway answered 201.
  const text = await eventually(
    async () => {
      if (await byTestId('error-banner').isVisible())
        throw new Error(`the gateway refused the order: ${await byTestId('error-banner').textContent()}`);
      const now = (await byTestId('order-result').textContent()) ?? '';
      return now !== before && /^Order \S+ placed/.test(now) ? now : undefined;
    },
    'the page to report the order placed',
    { attempts: 600, intervalMs: 50 },
  );
  return /^Order (\S+) placed/.exec(text)![1]!;
}

/** The row of one order in the orders table once it has the given status. */
const orderRow = (clientOrderId: string, status: string) =>
  page.locator(`[data-testid="orders-table"] tr[data-order-id="${clientOrderId}"][data-status="${status}"]`);

// Its own test, so a machine without Chromium counts a failure with this message, not skips.
it('finds Chromium to drive', () => {
  expect(existsSync(CHROMIUM), MISSING_CHROMIUM).toBe(true);
});

describe('the dashboard in a real browser against the embedded platform', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM);
    // A bar every 100 ms: market orders fill on the next bar, so the test does not wait seconds.
    process.env.MARKET_DATA_INTERVAL_MS = '100';
    platform = await startEmbeddedServices(
      [
        { manifest, appModule: AppModule },
        { manifest: marketDataManifest, appModule: MarketDataAppModule },
        { manifest: strategyManifest, appModule: StrategyAppModule },
        { manifest: riskManifest, appModule: RiskAppModule },
        { manifest: orderManifest, appModule: OrderAppModule },
        { manifest: brokerManifest, appModule: BrokerAppModule },
        { manifest: portfolioManifest, appModule: PortfolioAppModule },
      ],
      { ports: 'ephemeral', env: { GATEWAY_JWT_SECRET: JWT_SECRET } },
    );
    dashboardUrl = `${platform.service('gateway').url}/dashboard/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    delete process.env.MARKET_DATA_INTERVAL_MS;
  });

  it('serves its files without a token, and nothing outside its folder', async () => {
    const gateway = platform.service('gateway').url;
    const index = await fetch(`${gateway}/dashboard/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('data-testid="login-form"');
    const script = await fetch(`${gateway}/dashboard/app.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${gateway}/dashboard/nope.js`)).status).toBe(404);
    expect((await fetch(`${gateway}/dashboard/..%2Fdashboard-assets.ts`)).status).toBe(404);
  });

  it('refuses a bad token with the gateway’s problem details, then signs in with a good one', async () => {
    await page.goto(dashboardUrl);
    await byTestId('login-form').waitFor(WAIT);
    await byTestId('token-input').fill('not-a-token');
    await byTestId('login-submit').click();
    await byTestId('error-banner').waitFor(WAIT);
    expect(await byTestId('error-banner').textContent()).toMatch(/unauthori[sz]ed|token/i);
    expect(await byTestId('dashboard').isHidden()).toBe(true);

    await byTestId('token-input').fill(await tokenFor('dashboard-test'));
    await byTestId('login-submit').click();
    await byTestId('dashboard').waitFor(WAIT);
    await page.locator('[data-testid="connection-status"][data-state="open"]').waitFor(WAIT);
    expect(await byTestId('trading-state-value').textContent()).toBe('ACTIVE');
  });

  it('places a market order and sees its fill, its order filled and the position change', async () => {
    const clientOrderId = await placeOrder('BUY', 0.5);
    await page.locator(`[data-testid="fills-table"] tr[data-order-id="${clientOrderId}"]`).waitFor(WAIT);
    await orderRow(clientOrderId, 'FILLED').waitFor(WAIT);
    await page.locator(`[data-testid="positions-table"] tr[data-instrument="${INSTRUMENT}"]`).waitFor(WAIT);
    const quantity = await page
      .locator(`[data-testid="positions-table"] tr[data-instrument="${INSTRUMENT}"]`)
      .getAttribute('data-quantity');
    expect(Number(quantity)).toBeCloseTo(0.5, 10);
    // The equity curve draws from GET /api/equity and the stream's account snapshots.
    await page.locator('[data-testid="equity-chart"] polyline').waitFor(WAIT);
  });

  it('halts trading, sees the next order DENIED, and resumes', async () => {
    await byTestId('halt').click();
    await page.locator('[data-testid="trading-state-value"][data-state="HALTED"]').waitFor(WAIT);
    expect(await byTestId('halt').isDisabled()).toBe(true);

    const denied = await placeOrder('BUY', 0.1);
    await orderRow(denied, 'DENIED').waitFor(WAIT);

    await byTestId('resume').click();
    await page.locator('[data-testid="trading-state-value"][data-state="ACTIVE"]').waitFor(WAIT);
    await page.locator('[data-testid="trading-state"]', { hasText: 'ACTIVE' }).waitFor(WAIT);
  });

  it('shows a rejected order’s field errors as the gateway names them', async () => {
    expect(await byTestId('error-banner').isHidden()).toBe(true);
    await byTestId('order-quantity').fill('-1');
    await byTestId('order-submit').click();
    await byTestId('error-banner').waitFor(WAIT);
    expect(await byTestId('error-banner').textContent()).toContain('quantity');
    await byTestId('error-dismiss').click();
    await byTestId('order-quantity').fill('0.01');
    await byTestId('order-quantity').blur();
  });

  it('takes a token from the URL fragment, keeps it for the tab, and clears it from the address', async () => {
    const second = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    await second.goto(`${dashboardUrl}#token=${await tokenFor('viewer', 'orders:read')}`);
    await second.locator('[data-testid="dashboard"]').waitFor(WAIT);
    expect(new URL(second.url()).hash).toBe('');
    expect(await second.evaluate('sessionStorage.getItem("tradeforge.token")')).toBeTruthy();
    // A read-only token may look but not switch trading off: the 403 is shown, the state stays.
    await second.locator('[data-testid="halt"]').click();
    await second.locator('[data-testid="error-banner"]').waitFor(WAIT);
    expect(await second.locator('[data-testid="trading-state-value"]').getAttribute('data-state')).toBe('ACTIVE');
    await second.close();
  });

  it('saves a full-page screenshot to reports/dashboard.png', async () => {
    await page.locator('[data-testid="fills-table"] tbody tr').first().waitFor(WAIT);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
