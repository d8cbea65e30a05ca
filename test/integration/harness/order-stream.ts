import type { GatewayClient, OrderRequest } from './gateway-client.js';

export interface OrderStreamOptions {
  readonly gateway: GatewayClient;
  /** Client order ids are `<prefix><n>`. */
  readonly prefix: string;
  readonly count: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Orders started per second at most (risk allows `maxOrdersPerSecond`; more would only be denied). */
  readonly ratePerSecond: number;
  /** Called once, when this many orders have been started: the fault goes in mid-stream. */
  readonly faultAfter?: { readonly orders: number; readonly inject: () => Promise<void> };
  readonly order: (index: number, clientOrderId: string) => OrderRequest;
}

export interface OrderStreamResult {
  readonly sent: number;
  /** Client order ids the platform took: 201, or 409 when a retry found the order already taken. */
  readonly accepted: readonly string[];
  /** Orders given up on after the retries (the platform never confirmed them). */
  readonly refused: readonly string[];
  /** Retried requests (5xx or no answer), for the report. */
  readonly retries: number;
  /** Settles when the fault's injection (if any) has finished. */
  readonly fault: Promise<void>;
}

const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000];

/**
 * Sends `count` orders through the gateway as a careful client does: each with its own client
 * order id, retried with the same id while the platform answers 5xx or not at all (so a lost
 * answer cannot become a second order: the retry gets 409 for one already taken).
 */
export async function streamOrders(options: OrderStreamOptions): Promise<OrderStreamResult> {
  const accepted: string[] = [];
  const refused: string[] = [];
  let retries = 0;
  let next = 0;
  let fault: Promise<void> = Promise.resolve();
  const started = Date.now();
  const intervalMs = 1_000 / options.ratePerSecond;

  async function send(index: number): Promise<void> {
    const clientOrderId = `${options.prefix}${index}`;
    const body = options.order(index, clientOrderId);
    for (let attempt = 0; ; attempt++) {
      let status: number | undefined;
      try {
        const response = await options.gateway.placeOrder(body);
        status = response.status;
        await response.body?.cancel();
      } catch {
        status = undefined; // no answer: the gateway or the order service is down
      }
      if (status === 201 || (status === 409 && attempt > 0)) return void accepted.push(clientOrderId);
      const retryable = status === undefined || status >= 500;
      if (!retryable || attempt >= RETRY_DELAYS_MS.length)
        return void refused.push(`${clientOrderId} (${status ?? 'no answer'})`);
      retries++;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }

  async function worker(): Promise<void> {
    while (next < options.count) {
      const index = next++;
      const due = started + index * intervalMs;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      if (options.faultAfter && index === options.faultAfter.orders) {
        fault = options.faultAfter.inject();
        // Awaited (and thrown) once the stream is done; until then a failure must not go unhandled.
        fault.catch(() => undefined);
      }
      await send(index);
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { sent: options.count, accepted, refused, retries, fault };
}
