import { parseArgs } from 'node:util';
import { loadServiceEnv } from '../config/service-env.js';
import { PLATFORM_TOPICS } from '../generated/platform-topics.js';
import { createEventBus } from './create-event-bus.js';
import { readDeadLetters, replayDeadLetter } from './dead-letters.js';
import type { TopicSpec } from './topic-catalogue.js';

const USAGE = `Inspect and replay dead-lettered messages (docs/runbooks/dead-letter-topics.md).

  npm run bus:dead-letters -- list   <topic> [--limit 100]
  npm run bus:dead-letters -- replay <topic> (--offsets 0:12,1:3 | --all) [--dry-run]

<topic> is a topic id (orderCommands), its name (tradeforge.orders.commands) or its dead-letter
topic's name. Needs KAFKA_BROKERS (and KAFKA_TLS when the brokers use TLS).
Topics: ${Object.entries(PLATFORM_TOPICS)
  .map(([id, t]) => `${id} (${t.name})`)
  .join(', ')}`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: 'string', default: '100' },
      offsets: { type: 'string' },
      all: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, topicArg] = positionals;
  if (values.help || command === undefined || topicArg === undefined || !['list', 'replay'].includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const topic = findTopic(topicArg);
  const env = loadServiceEnv(
    { platform: 'tradeforge', name: 'dead-letter-cli', role: 'custom', port: 0, dependsOn: ['bus'] },
    { ...process.env, PLATFORM_MODE: 'distributed' },
  );
  const bus = await createEventBus({ env, clientId: 'dead-letter-cli', kafka: { createTopics: false } });
  await bus.start();
  try {
    const letters = await readDeadLetters(bus, topic, { limit: Number(values.limit) });
    if (command === 'list') {
      for (const letter of letters) {
        const { record, ...rest } = letter;
        process.stdout.write(
          `${JSON.stringify({ partition: record.partition, offset: record.offset, key: record.key, ...rest, value: record.value })}\n`,
        );
      }
      process.stderr.write(`${letters.length} dead letter(s) in ${topic.deadLetterTopic}\n`);
      return 0;
    }
    const wanted = values.all ? undefined : new Set((values.offsets ?? '').split(',').filter(Boolean));
    if (wanted !== undefined && wanted.size === 0) {
      process.stderr.write('replay needs --offsets <partition:offset,…> (as printed by list) or --all\n');
      return 2;
    }
    let failed = 0;
    for (const letter of letters) {
      const at = `${letter.record.partition}:${letter.record.offset}`;
      if (wanted !== undefined && !wanted.has(at)) continue;
      if (values['dry-run']) {
        process.stdout.write(`would replay ${at} to ${letter.sourceTopic} (${letter.reason})\n`);
        continue;
      }
      try {
        const published = await replayDeadLetter(bus, letter);
        process.stdout.write(`replayed ${at} to ${published.topic} as message ${published.messageId}\n`);
      } catch (error) {
        failed++;
        process.stderr.write(`not replayed ${at}: ${(error as Error).message}\n`);
      }
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await bus.stop();
  }
}

function findTopic(arg: string): TopicSpec {
  const topics: TopicSpec[] = Object.values(PLATFORM_TOPICS);
  const found =
    (PLATFORM_TOPICS as Record<string, TopicSpec>)[arg] ??
    topics.find((t) => t.name === arg || t.deadLetterTopic === arg);
  if (found === undefined) throw new Error(`unknown topic "${arg}".\n\n${USAGE}`);
  return found;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
