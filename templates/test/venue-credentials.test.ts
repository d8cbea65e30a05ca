import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ComposeFile } from '../compose/compose-types.js';
import { secretVariable } from '../compose/compose-variables.js';
import { synthPlatform } from './synth-platform.js';

/**
 * A venue's credentials, named once in the config, reach the broker the same way everywhere:
 * locally as environment variables, in compose from the host environment or a gitignored env
 * file, on AWS as Secrets Manager entries the broker's task definition references.
 */
const out = synthPlatform({
  name: 'acme',
  venues: [
    { id: 'paper' },
    { id: 'binance', credentialSecrets: ['binance-prod-key', 'binance-prod-secret'] },
    { id: 'upbit', enabled: false },
  ],
  instruments: [
    { symbol: 'BTCUSDT', venue: 'paper', quoteCurrency: 'USDT', tickSize: 0.01, lotSize: 0.0001, minNotional: 10 },
    { symbol: 'BTCUSDT', venue: 'binance', quoteCurrency: 'USDT', tickSize: 0.01, lotSize: 0.00001, minNotional: 5 },
  ],
});
const compose = parse(out.read('compose/platform.yml')) as ComposeFile;
const VARIABLES = ['BINANCE_PROD_KEY', 'BINANCE_PROD_SECRET'];

describe('venue credentials from the config', () => {
  it('compose: the broker reads each enabled venue’s secrets from the host environment, no value in the file', () => {
    const broker = compose.services['broker']!.environment!;
    for (const variable of VARIABLES) expect(broker[variable]).toBe(`\${${variable}:-}`);
    // A disabled venue's secrets, and every other service, get nothing.
    expect(Object.keys(broker).filter((name) => name.startsWith('UPBIT_'))).toEqual([]);
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'broker') continue;
      expect(
        Object.keys(service.environment ?? {}).filter((v) => VARIABLES.includes(v)),
        name,
      ).toEqual([]);
    }
  });

  it('AWS: a Secrets Manager entry per secret, referenced by the broker’s task definition under the same variable', async () => {
    const { synthAll, resourceList, resourceNamed } = await infra();
    const platform = snapshotOf(out.read('infra/src/generated/platform.ts'));
    const dev = synthAll(platform, null).get('dev')!;
    const names = resourceList(dev, 'aws_secretsmanager_secret').map((s) => s['name']);
    expect(names).toEqual(
      expect.arrayContaining(['acme/dev/venues/binance-prod-key', 'acme/dev/venues/binance-prod-secret']),
    );
    expect(names.filter((n) => String(n).includes('upbit'))).toEqual([]);
    const task = resourceNamed(dev, 'aws_ecs_task_definition', 'services_broker_');
    const [container] = JSON.parse(String(task['container_definitions'])) as {
      secrets: { name: string; valueFrom: string }[];
      environment: { name: string; value: string }[];
    }[];
    expect(container!.secrets.map((s) => s.name)).toEqual(expect.arrayContaining(VARIABLES));
    // Referenced (valueFrom an ARN), never a value in the task definition.
    expect(container!.environment.map((e) => e.name)).not.toEqual(expect.arrayContaining(VARIABLES));
  });

  it('names the variable by one rule in compose, the broker and the stacks', async () => {
    const broker = await load<SecretEnvName>('services/broker/src/venues/venue-factory.ts');
    const stacks = await load<SecretEnvName>('infra/src/naming.ts');
    for (const secret of ['binance-prod-key', 'kis-account-no']) {
      expect(secretVariable(secret)).toBe(broker.secretEnvName(secret));
      expect(secretVariable(secret)).toBe(stacks.secretEnvName(secret));
    }
  });
});

/** The generated snapshot's constant, as the stacks import it. */
function snapshotOf(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf('= ') + 2).replace(/;\s*$/, ''));
}

/**
 * The stacks and the broker compile under their own tsconfig (parameter properties), not the
 * generator's (`erasableSyntaxOnly`): they are loaded when the test runs, not type-checked here.
 */
async function load<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(path.resolve(import.meta.dirname, '../..', file)).href)) as T;
}

type TerraformJson = { resource: Record<string, Record<string, Record<string, unknown>>> };
const infra = () =>
  load<{
    synthAll(platform: unknown, ephemeral: null): Map<string, TerraformJson>;
    resourceList(json: TerraformJson, type: string): Record<string, unknown>[];
    resourceNamed(json: TerraformJson, type: string, idPart: string): Record<string, unknown>;
  }>('infra/test/support/synth.ts');
type SecretEnvName = { secretEnvName(secretName: string): string };
