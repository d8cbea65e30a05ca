import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ConsumerLag } from '../../bus/event-bus.js';

/**
 * `tradeforge_consumer_lag_messages{topic,group}`: records on a topic that the service's consumer
 * group has not processed yet, read from the bus when Prometheus scrapes (in memory: appended but
 * not consumed; Kafka: high watermark minus committed offset). Nothing runs between scrapes.
 */
export function registerConsumerLag(registry: Registry, readLag: () => Promise<ConsumerLag[]>): void {
  new Gauge({
    name: 'tradeforge_consumer_lag_messages',
    help: "Records on the topic the service's consumer group has not processed yet",
    labelNames: ['topic', 'group'],
    registers: [registry],
    async collect() {
      let lags: ConsumerLag[];
      try {
        lags = await readLag();
      } catch {
        return; // the broker did not answer: keep the last values rather than fail the whole scrape
      }
      this.reset();
      for (const lag of lags) this.set({ topic: lag.topic, group: lag.groupId }, lag.messages);
    },
  });
}
