import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../config/config-error.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { validatePlatformConfig } from '../config/validate-config.js';

/** The one problem a config has (fails the test when there are none or several). */
function onlyIssue(config: PlatformConfig): string {
  const issues = validatePlatformConfig(config);
  expect(issues).toHaveLength(1);
  return `${issues[0]!.path}: ${issues[0]!.message}`;
}

// Configs built from `unknown` on purpose: .projenrc.ts runs without a type-check, so the
// validator must catch what the compiler would have.
const loose = (config: unknown) => config as PlatformConfig;

describe('platform config validation', () => {
  it('accepts the defaults', () => {
    expect(validatePlatformConfig({ name: 'tradeforge' })).toEqual([]);
  });

  it('rejects a platform name that is not kebab-case', () => {
    expect(onlyIssue({ name: 'Trade Forge' })).toBe(
      'name: "Trade Forge" is not a valid name; use lower-case kebab-case, 2–32 characters, starting with a letter (e.g. "order-router")',
    );
  });

  it('rejects a duplicate service name', () => {
    const message = onlyIssue({
      name: 'acme',
      services: [
        { name: 'order', port: 3000 },
        { name: 'order', port: 3001 },
      ],
    });
    expect(message).toBe('services[1].name: "order" is already the name of services[0]; service names must be unique');
  });

  it('rejects a service name that is not a valid identifier', () => {
    expect(onlyIssue({ name: 'acme', services: [{ name: 'Order_Service', port: 3000 }] })).toMatch(
      /^services\[0\]\.name: "Order_Service" is not a valid name; use lower-case kebab-case/,
    );
  });

  it('rejects two services on one port', () => {
    const message = onlyIssue({
      name: 'acme',
      services: [
        { name: 'gateway', port: 3000 },
        { name: 'order', port: 3000 },
      ],
    });
    expect(message).toBe(
      'services[1].port: 3000 is already used by services[0] ("gateway"); each service needs its own port',
    );
  });

  it.each([80, 70000, 3000.5])('rejects port %s as out of range', (port) => {
    expect(onlyIssue({ name: 'acme', services: [{ name: 'order', port }] })).toBe(
      `services[0].port: must be a whole number from 1024 to 65535, got ${port}`,
    );
  });

  it('rejects a port given as a string', () => {
    expect(onlyIssue(loose({ name: 'acme', services: [{ name: 'order', port: '3000' }] }))).toBe(
      'services[0].port: must be a whole number from 1024 to 65535, got "3000"',
    );
  });

  it("rejects a service on an infrastructure component's port", () => {
    expect(onlyIssue({ name: 'acme', services: [{ name: 'order', port: 5432 }] })).toBe(
      "services[0].port: 5432 is PostgreSQL's port; pick another (reserved: 5432, 6379, 9092, 9093)",
    );
  });

  it('rejects an unknown role and names the allowed ones', () => {
    expect(onlyIssue(loose({ name: 'acme', services: [{ name: 'pricing', port: 3000, role: 'pricer' }] }))).toBe(
      'services[0].role: "pricer" is not allowed; use one of "gateway", "market-data", "strategy", "risk", "order", "broker", "portfolio", "custom"',
    );
  });

  it('rejects an unknown dependency', () => {
    expect(onlyIssue(loose({ name: 'acme', services: [{ name: 'pricing', port: 3000, dependsOn: ['mongo'] }] }))).toBe(
      'services[0].dependsOn[0]: "mongo" is not allowed; use one of "database", "bus", "cache"',
    );
  });

  it('rejects two gateways', () => {
    const message = onlyIssue({
      name: 'acme',
      services: [
        { name: 'edge-a', port: 3000, role: 'gateway' },
        { name: 'edge-b', port: 3001, role: 'gateway' },
      ],
    });
    expect(message).toBe(
      `services: only one service may have role "gateway" (found 2); it is the platform's single entry point`,
    );
  });

  it('rejects an empty service list', () => {
    expect(onlyIssue({ name: 'acme', services: [] })).toBe('services: must list at least one service');
  });

  it('rejects an unknown venue and names the allowed ones', () => {
    expect(onlyIssue(loose({ name: 'acme', venues: [{ id: 'kraken' }] }))).toBe(
      'venues[0].id: "kraken" is not allowed; use one of "paper", "binance", "upbit", "kis", "creon"',
    );
  });

  it('rejects a venue listed twice', () => {
    expect(onlyIssue({ name: 'acme', venues: [{ id: 'binance' }, { id: 'binance' }] })).toBe(
      'venues[1].id: "binance" is listed twice; list each venue once',
    );
  });

  it('rejects an instrument symbol that is not upper-case letters and digits', () => {
    expect(onlyIssue({ name: 'acme', instruments: [{ symbol: 'btc-usdt', tickSize: 0.01, lotSize: 0.001 }] })).toBe(
      'instruments[0].symbol: "btc-usdt" is not a symbol; use 2–20 upper-case letters and digits (e.g. "BTCUSDT")',
    );
  });

  it('rejects an instrument on a venue that is not configured', () => {
    expect(
      onlyIssue({
        name: 'acme',
        instruments: [{ symbol: 'BTCUSDT', venue: 'binance', tickSize: 0.01, lotSize: 0.001 }],
      }),
    ).toBe('instruments[0].venue: "binance" is not a configured venue; configured: "paper"');
  });

  it('rejects a zero tick size', () => {
    expect(onlyIssue({ name: 'acme', instruments: [{ symbol: 'BTCUSDT', tickSize: 0, lotSize: 0.001 }] })).toBe(
      'instruments[0].tickSize: must be a positive number, got 0',
    );
  });

  it('rejects a starting cash on a venue other than paper', () => {
    expect(onlyIssue({ name: 'acme', venues: [{ id: 'paper' }, { id: 'upbit', startingCash: 5 }] })).toBe(
      'venues[1].startingCash: only the paper venue has a starting cash; remove it from "upbit"',
    );
  });

  it('rejects an unknown strategy and names the sample strategies', () => {
    expect(onlyIssue(loose({ name: 'acme', strategies: [{ name: 'martingale', instrument: 'BTCUSDT.paper' }] }))).toBe(
      'strategies[0].name: "martingale" is not allowed; use one of "sma-crossover", "mean-reversion", "breakout"',
    );
  });

  it('rejects a strategy on an instrument that is not configured', () => {
    expect(onlyIssue({ name: 'acme', strategies: [{ name: 'breakout', instrument: 'DOGEUSDT.paper' }] })).toBe(
      'strategies[0].instrument: "DOGEUSDT.paper" is not a configured instrument; configured: "BTCUSDT.paper", "ETHUSDT.paper"',
    );
  });

  it('rejects a non-positive risk limit', () => {
    expect(onlyIssue({ name: 'acme', risk: { maxOrderNotional: -5 } })).toBe(
      'risk.maxOrderNotional: must be a positive number, got -5',
    );
  });

  it('rejects a fractional open-order limit', () => {
    expect(onlyIssue({ name: 'acme', risk: { maxOpenOrders: 2.5 } })).toBe(
      'risk.maxOpenOrders: must be a whole number from 1 to 100000, got 2.5',
    );
  });

  it('rejects a price band over 100 percent', () => {
    expect(onlyIssue({ name: 'acme', risk: { priceBandPercent: 150 } })).toBe(
      'risk.priceBandPercent: must be at most 100 (percent), got 150',
    );
  });

  it('rejects a duplicate environment and an unknown kind', () => {
    const issues = validatePlatformConfig(
      loose({ name: 'acme', environments: [{ name: 'dev' }, { name: 'dev', kind: 'qa' }] }),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'environments[1].name: "dev" is listed twice; environment names must be unique',
      'environments[1].kind: "qa" is not allowed; use one of "development", "staging", "production", "ephemeral"',
    ]);
  });

  it('rejects a size override for a service that does not exist', () => {
    expect(
      onlyIssue({
        name: 'acme',
        services: [{ name: 'order', port: 3000 }],
        environments: [{ name: 'dev', services: { ordr: { replicas: 2 } } }],
      }),
    ).toBe('environments[0].services.ordr: no service is named "ordr"; known services: "order"');
  });

  it('rejects a Fargate CPU size that does not exist', () => {
    expect(onlyIssue(loose({ name: 'acme', environments: [{ name: 'dev', serviceSize: { cpu: 300 } }] }))).toBe(
      'environments[0].serviceSize.cpu: 300 is not allowed; use one of 256, 512, 1024, 2048, 4096',
    );
  });

  it('rejects a bad partition count', () => {
    expect(onlyIssue({ name: 'acme', bus: { partitions: 0 } })).toBe(
      'bus.partitions: must be a whole number from 1 to 256, got 0',
    );
  });

  it('reports every problem at once, each with its field path', () => {
    const error = (() => {
      try {
        resolvePlatformConfig(loose({ name: 'X', services: [{ name: 'a', port: 1 }] }));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as Error).message).toBe(
      [
        'Invalid platform config in .projenrc.ts (3 problems); nothing was written:',
        '  name: "X" is not a valid name; use lower-case kebab-case, 2–32 characters, starting with a letter (e.g. "order-router")',
        '  services[0].name: "a" is not a valid name; use lower-case kebab-case, 2–32 characters, starting with a letter (e.g. "order-router")',
        '  services[0].port: must be a whole number from 1024 to 65535, got 1',
      ].join('\n'),
    );
  });
});

describe('resolved config', () => {
  it('applies defaults: seven reference services, paper venue, three environments', () => {
    const platform = resolvePlatformConfig({ name: 'acme' });
    expect(platform.services.map((s) => s.name)).toEqual([
      'gateway',
      'market-data',
      'strategy',
      'risk',
      'order',
      'broker',
      'portfolio',
    ]);
    expect(platform.venues).toEqual([{ id: 'paper', enabled: true, credentialSecrets: [], startingCash: 1_000_000 }]);
    expect(platform.instruments.map((i) => i.id)).toEqual(['BTCUSDT.paper', 'ETHUSDT.paper']);
    expect(platform.environments.map((e) => `${e.name}:${e.kind}`)).toEqual([
      'dev:development',
      'staging:staging',
      'prod:production',
    ]);
    expect(platform.bus).toMatchObject({ topicPrefix: 'acme', partitions: 3, maxDeliveryAttempts: 3 });
    expect(platform.bus.topics.orderCommands.name).toBe('acme.orders.commands');
  });

  it('names credential secrets after the venue by default', () => {
    const platform = resolvePlatformConfig({ name: 'acme', venues: [{ id: 'binance' }] });
    expect(platform.venues[0]!.credentialSecrets).toEqual(['binance-api-key', 'binance-api-secret']);
  });

  it('sizes each service per environment, overrides winning over environment defaults', () => {
    const platform = resolvePlatformConfig({
      name: 'acme',
      services: [
        { name: 'gateway', port: 3000 },
        { name: 'order', port: 3001 },
      ],
      environments: [{ name: 'prod', serviceSize: { cpu: 512, replicas: 2 }, services: { order: { replicas: 4 } } }],
    });
    expect(platform.environments[0]!.serviceSizes).toEqual({
      gateway: { cpu: 512, memoryMiB: 512, replicas: 2 },
      order: { cpu: 512, memoryMiB: 512, replicas: 4 },
    });
  });
});
