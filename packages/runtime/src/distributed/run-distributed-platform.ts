import { createEventBus } from '../bus/create-event-bus.js';
import { PLATFORM_SETTINGS } from '../generated/platform-settings.js';
import { smokeOrder } from '../launcher/smoke-order.js';
import { missingConnections, startDistributedPlatform } from './start-distributed-platform.js';
import type { DistributedService } from './start-distributed-platform.js';

export interface RunDistributedOptions {
  readonly platform: string;
  /** @default every service of the config (PLATFORM_SETTINGS.services) */
  readonly services?: readonly DistributedService[];
  /** Command-line arguments: `--smoke` trades one order, then stops everything and exits. */
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * `npm run start:distributed`: every service in its own process against the Kafka, PostgreSQL
 * and Redis named by KAFKA_BROKERS, DATABASE_URL and REDIS_URL. Runs until Ctrl-C or until a
 * service dies (then stops the rest and exits 1). Returns the exit code.
 */
export async function runDistributedPlatform(options: RunDistributedOptions): Promise<number> {
  const env = options.env ?? process.env;
  const services = options.services ?? PLATFORM_SETTINGS.services;
  const unknown = options.args.filter((a) => a !== '--smoke');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}; allowed: --smoke\n`);
    return 2;
  }
  const missing = missingConnections(services, env);
  if (missing.length > 0) {
    process.stderr.write(
      `Distributed mode talks to Kafka, PostgreSQL and Redis, and some settings are missing:\n` +
        missing.map((line) => `  ${line}\n`).join('') +
        'Set them to your servers (or run `npm start` for the embedded mode, which needs none).\n',
    );
    return 2;
  }

  process.stdout.write(`Starting ${services.length} services, one process each (distributed mode)…\n`);
  let platform;
  try {
    platform = await startDistributedPlatform({ services, env });
  } catch (error) {
    process.stderr.write(`${options.platform} did not start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`\n${options.platform} is up (Kafka ${env.KAFKA_BROKERS}):\n`);
  for (const [name, url] of Object.entries(platform.urls)) process.stdout.write(`  ${name.padEnd(14)} ${url}/ready\n`);

  if (options.args.includes('--smoke')) {
    const bus = await createEventBus({
      env: { PLATFORM_MODE: 'distributed', KAFKA_BROKERS: env.KAFKA_BROKERS },
      clientId: 'smoke',
    });
    try {
      await bus.start();
      const line = await smokeOrder({ bus, orderUrl: platform.urls.order!, portfolioUrl: platform.urls.portfolio! });
      process.stdout.write(`Smoke run: ${line}; stopping.\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`Smoke run failed: ${(error as Error).message}\n`);
      return 1;
    } finally {
      await bus.stop();
      await platform.stop();
    }
  }

  process.stdout.write('Press Ctrl-C to stop.\n');
  const outcome = await Promise.race([
    new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
    platform.exited,
  ]);
  if (typeof outcome === 'string') {
    process.stdout.write(`\n${outcome}: stopping every service…\n`);
    await platform.stop();
    process.stdout.write('Stopped.\n');
    return 0;
  }
  process.stderr.write(`${outcome.name} exited with code ${outcome.code}; stopping the others.\n`);
  await platform.stop();
  return 1;
}
