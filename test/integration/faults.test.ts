// The platform under faults: for each case a thousand orders go through the gateway with some
// concurrency, the fault goes in mid-stream, and once the platform has recovered every accepted
// order must have ended exactly once, no fill may count twice, the portfolio's positions must
// equal the sum of the recorded fills, and no event may be lost (every outbox row published,
// every order's command and ending seen on Kafka). Each case prints its counts and appends them
// to reports/fault-suite.json.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PLATFORM_TOPICS } from '../../packages/runtime/src/generated/platform-topics.js';
import { dockerControl, waitHealthy } from './harness/docker-control.js';
import { appendToReport, countsLine } from './harness/fault-report.js';
import type { FaultCounts } from './harness/fault-report.js';
import { GatewayClient } from './harness/gateway-client.js';
import { TopicReader } from './harness/kafka-topics.js';
import { streamOrders } from './harness/order-stream.js';
import { PlatformDatabase } from './harness/platform-database.js';
import { waitUntil } from './harness/wait-until.js';

const ORDERS = Number(process.env.TRADEFORGE_FAULT_ORDERS ?? 1_000);
/** Risk allows 20 new orders a second (the config's maxOrdersPerSecond); stay under it. */
const RATE_PER_SECOND = 18;
const CONCURRENCY = 6;
/** The fault goes in once this share of the orders has been started. */
const FAULT_AT = Math.floor(ORDERS * 0.3);
const RECOVERY_TIMEOUT_MS = 240_000;
const INSTRUMENT = 'BTCUSDT.paper';
const TERMINAL = new Set(['FILLED', 'DENIED', 'REJECTED', 'CANCELED', 'EXPIRED']);

const stack = inject('integrationStack');
const runTag = Date.now().toString(36);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a stopped or killed container, unless its restart policy already did. */
async function startAgain(id: string): Promise<void> {
  await dockerControl.start(id);
  await waitHealthy(id);
}

const FAULTS: { name: string; inject: () => Promise<void> }[] = [
  {
    name: 'Kafka container restarted',
    inject: async () => {
      await dockerControl.restart(stack.containers.kafka!);
      await waitHealthy(stack.containers.kafka!);
    },
  },
  {
    name: 'order service killed (SIGKILL) and started again',
    inject: async () => {
      await dockerControl.killHard(stack.containers.order!);
      await sleep(2_000);
      await startAgain(stack.containers.order!);
    },
  },
  {
    name: 'PostgreSQL paused for 5 s',
    inject: async () => {
      await dockerControl.pause(stack.containers.postgres!);
      await sleep(5_000);
      await dockerControl.unpause(stack.containers.postgres!);
    },
  },
  {
    name: 'broker stopped with orders in flight and started again',
    inject: async () => {
      await dockerControl.stop(stack.containers.broker!);
      await sleep(5_000);
      await startAgain(stack.containers.broker!);
    },
  },
];

let gateway: GatewayClient;
let database: PlatformDatabase;

beforeAll(async () => {
  gateway = await GatewayClient.forStack('fault-suite');
  database = PlatformDatabase.forStack();
});

afterAll(async () => {
  await database?.close();
});

/** Distinct quantities, so risk's duplicate-order check never mistakes one order for another. */
const quantity = (index: number) => Number((0.001 + (index % 97) * 0.0001).toFixed(4));

describe('fault suite', () => {
  FAULTS.forEach((fault, caseIndex) => {
    it(`${fault.name}: every accepted order ends once, no fill twice, positions = fills, nothing lost`, async () => {
      const prefix = `fault${caseIndex + 1}-${runTag}-`;
      const caseStarted = Date.now();
      let faultAt = 0;
      const result = await streamOrders({
        gateway,
        prefix,
        count: ORDERS,
        concurrency: CONCURRENCY,
        ratePerSecond: RATE_PER_SECOND,
        faultAfter: {
          orders: FAULT_AT,
          inject: async () => {
            faultAt = Date.now();
            await fault.inject();
          },
        },
        order: (index, clientOrderId) => ({
          clientOrderId,
          instrumentId: INSTRUMENT,
          // Alternating sides keep the position small (risk's position limit is not under test).
          side: index % 2 === 0 ? 'BUY' : 'SELL',
          type: 'MARKET',
          quantity: quantity(index),
        }),
      });
      await result.fault;

      // Recovery: every order the platform holds has ended and the outbox is empty.
      let statuses = new Map<string, string>();
      let unpublished: number;
      const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
      for (;;) {
        statuses = await database.orderStatuses(prefix);
        unpublished = Number(
          (
            await database.query<{ n: string }>(
              'SELECT count(*) AS n FROM outbox WHERE key LIKE $1 AND published_at IS NULL',
              [`${prefix}%`],
            )
          )[0]!.n,
        );
        const open = [...statuses.values()].filter((status) => !TERMINAL.has(status)).length;
        if (
          (open === 0 && unpublished === 0 && result.accepted.every((id) => statuses.has(id))) ||
          Date.now() > deadline
        )
          break;
        await sleep(1_000);
      }
      const recoverySeconds = Math.round((Date.now() - faultAt) / 1000);

      // Kafka: a new reader from the beginning; each order's submit command and its ending must be there.
      const topics = await TopicReader.start([
        PLATFORM_TOPICS.orderCommands.name,
        PLATFORM_TOPICS.orderEvents.name,
        PLATFORM_TOPICS.fills.name,
      ]);
      const expectedOnKafka = (id: string): string[] => {
        const status = statuses.get(id);
        const ending =
          status === 'FILLED'
            ? `${PLATFORM_TOPICS.fills.name} order.filled`
            : `${PLATFORM_TOPICS.orderEvents.name} order.${status?.toLowerCase()}`;
        return [`${PLATFORM_TOPICS.orderCommands.name} order.submit`, ending];
      };
      const missingOnKafka = (): string[] => {
        const seen = new Set(
          topics.records
            .filter((r) => r.value?.clientOrderId?.startsWith(prefix))
            .map((r) => `${r.value.clientOrderId} ${r.topic} ${r.value.type}`),
        );
        return [...statuses.keys()].filter((id) => expectedOnKafka(id).some((what) => !seen.has(`${id} ${what}`)));
      };
      await topics
        .waitFor(() => missingOnKafka().length === 0, 'every order command and ending', 60_000)
        .catch(() => undefined);
      const notOnKafka = missingOnKafka();
      await topics.stop();

      const missing = result.accepted.filter((id) => !statuses.has(id));
      const accepted = result.accepted.filter((id) => statuses.has(id));
      const terminal = accepted.filter((id) => TERMINAL.has(statuses.get(id)!));
      const endedTwice = await database.ordersEndedTwice(prefix);
      const eventGaps = await database.ordersWithMissingEvents(prefix);
      const duplicateFills = await database.duplicateFills(prefix);
      const counts: FaultCounts = {
        case: fault.name,
        sent: result.sent,
        accepted: result.accepted.length,
        terminal: terminal.length,
        duplicates: duplicateFills + endedTwice.length,
        lost: missing.length + (accepted.length - terminal.length) + unpublished + eventGaps.length + notOnKafka.length,
        statuses: Object.fromEntries(
          [...TERMINAL, 'INITIALIZED', 'SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED', 'UNKNOWN']
            .map((status) => [status, accepted.filter((id) => statuses.get(id) === status).length] as const)
            .filter(([, n]) => n > 0),
        ),
        retries: result.retries,
        recoverySeconds,
        caseSeconds: Math.round((Date.now() - caseStarted) / 1000),
      };
      process.stdout.write(`${countsLine(counts)}\n`);
      appendToReport(counts, stack.runId);

      expect(result.refused, 'orders the platform never confirmed').toEqual([]);
      expect(missing, 'accepted orders not in PostgreSQL').toEqual([]);
      expect(counts.terminal, 'accepted orders that did not end').toBe(counts.accepted);
      expect(endedTwice, 'orders that ended twice').toEqual([]);
      expect(duplicateFills, 'fills counted twice or overfilled orders').toBe(0);
      expect(eventGaps, 'orders whose version differs from their recorded events').toEqual([]);
      expect(unpublished, 'outbox rows never published').toBe(0);
      expect(notOnKafka.slice(0, 10), 'orders whose command or ending never reached Kafka').toEqual([]);
      // The stream produced real trading, not only refusals.
      expect(counts.statuses.FILLED ?? 0).toBeGreaterThan(0);

      // The portfolio's positions (its own consumer of the fills topic) equal the recorded fills.
      await waitUntil(
        async () => {
          const fills = await database.fillTotals();
          const positions = await gateway.json<{ instrumentId: string; quantity: number }[]>('/api/positions');
          const apart = [...fills].filter(([instrument, total]) => {
            const position = positions.find((p) => p.instrumentId === instrument)?.quantity ?? 0;
            return Math.abs(position - total) > 1e-9;
          });
          return apart.length === 0 || undefined;
        },
        'the positions to equal the sum of the recorded fills',
        60_000,
      );
    });
  });
});
