// Bus throughput, publish to every message consumed, in-memory and on a real local Kafka:
//   npx tsx --conditions=source packages/runtime/test/bus/bench-bus-throughput.ts
// Numbers and the machine they were measured on: docs/architecture/event-bus.md.
import { startKafka } from '@tradeforge/test-infra';
import { InMemoryEventBus } from '../../src/bus/in-memory-event-bus.js';
import { KafkaEventBus } from '../../src/bus/kafka-event-bus.js';
import type { EventBus } from '../../src/bus/event-bus.js';
import { bar, catalogueWithPrefix, settings, silent } from './bus-fixtures.js';

/** Publishes `n` bars over six keys (1,000 in flight at most) and waits until one group consumed them all. */
async function measure(bus: EventBus, topics: ReturnType<typeof catalogueWithPrefix>, n: number, label: string) {
  let got = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  await bus.subscribe({
    groupId: 'bench',
    topics: [topics.marketBars],
    handler: () => {
      if (++got === n) done();
    },
  });
  const t0 = performance.now();
  const ids = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'AAPL', '005930', 'MSFT'];
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    inflight.push(bus.publish(topics.marketBars, bar(ids[i % ids.length]!, i + 1)));
    if (inflight.length >= 1000) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  const t1 = performance.now();
  await all;
  const t2 = performance.now();
  console.log(
    `${label}: ${n} msgs publish ${(n / ((t1 - t0) / 1000)).toFixed(0)}/s, publish→all consumed ${(n / ((t2 - t0) / 1000)).toFixed(0)}/s`,
  );
}

const mem = new InMemoryEventBus({ topics: catalogueWithPrefix('m'), settings, logger: silent });
await mem.start();
await measure(mem, catalogueWithPrefix('m'), 50_000, 'in-memory');
await mem.stop();
const kafka = await startKafka();
const topics = catalogueWithPrefix('k');
const kb = new KafkaEventBus({ brokers: kafka.brokers, clientId: 'bench', topics, settings, logger: silent });
await kb.start();
await measure(kb, topics, 20_000, 'kafka (kafkajs 2.2.4, 1 broker)');
await kb.stop();
await kafka.stop();
process.exit(0);
