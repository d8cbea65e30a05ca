import type { EventBus } from '../bus/event-bus.js';
import { PLATFORM_TOPICS } from '../generated/platform-topics.js';
import { PLATFORM_SETTINGS } from '../generated/platform-settings.js';

export interface SmokeTargets {
  readonly bus: EventBus;
  /** Base URLs of the order and portfolio services. */
  readonly orderUrl: string;
  readonly portfolioUrl: string;
}

const TIMEOUT_MS = 60_000;

/**
 * The smoke run's proof that the platform trades: waits for a market price, places a small
 * market order through the order API, and waits until it is FILLED and the portfolio holds the
 * position. Returns a line to print; throws with the step that did not happen.
 */
export async function smokeOrder({ bus, orderUrl, portfolioUrl }: SmokeTargets): Promise<string> {
  const instrument = PLATFORM_SETTINGS.instruments[0];
  if (!instrument) throw new Error('no instrument is configured (config `instruments`)');
  const price = await firstPrice(bus, instrument.id);
  const lots = Math.ceil(Math.max(instrument.minQuantity, (instrument.minNotional * 2) / price) / instrument.lotSize);
  const quantity = Number((lots * instrument.lotSize).toFixed(12));
  const clientOrderId = `smoke-${Date.now()}`;
  const response = await fetch(`${orderUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientOrderId,
      strategyId: 'smoke',
      instrumentId: instrument.id,
      side: 'BUY',
      orderType: 'MARKET',
      quantity,
    }),
  });
  if (response.status !== 201) throw new Error(`the order API answered ${response.status}: ${await response.text()}`);
  const order = await until(async () => {
    const current = (await (await fetch(`${orderUrl}/orders/${clientOrderId}`)).json()) as {
      status: string;
      averagePrice?: number;
    };
    if (['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED'].includes(current.status)) {
      throw new Error(`the smoke order ended ${current.status}`);
    }
    return current.status === 'FILLED' ? current : undefined;
  }, 'the smoke order to fill');
  const position = await until(async () => {
    const positions = (await (await fetch(`${portfolioUrl}/positions`)).json()) as {
      instrumentId: string;
      quantity: number;
    }[];
    return positions.find((p) => p.instrumentId === instrument.id && p.quantity >= quantity - 1e-12);
  }, 'the portfolio to show the position');
  return `order ${clientOrderId} BUY ${quantity} ${instrument.id} filled at ${order.averagePrice}; position ${position.quantity}`;
}

async function firstPrice(bus: EventBus, instrumentId: string): Promise<number> {
  let price: number | undefined;
  const subscription = await bus.subscribe({
    groupId: `smoke-${Date.now()}`,
    topics: [PLATFORM_TOPICS.marketBars],
    startFrom: 'latest',
    handler: ({ message }) => {
      if (message.type === 'market.bar' && message.instrumentId === instrumentId) price ??= message.close;
    },
  });
  try {
    return await until(async () => price, `a market price for ${instrumentId} (is market-data streaming?)`);
  } finally {
    await subscription.stop();
  }
}

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}`);
}
