import { describe, expect, it } from 'vitest';
import type { PlatformConfig } from '../config/platform-config.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { validatePlatformConfig } from '../config/validate-config.js';
import { renderPlatformSettings } from '../runtime/platform-settings-file.js';

// Built from `unknown` on purpose: .projenrc.ts runs without a type-check.
const withVenues = (venues: unknown): PlatformConfig => ({ name: 'acme', venues }) as PlatformConfig;

function issues(config: PlatformConfig): string[] {
  return validatePlatformConfig(config).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('venues: baseUrl', () => {
  it('accepts a testnet or paper-trading host, http for a local mock', () => {
    expect(
      issues(
        withVenues([
          { id: 'paper' },
          { id: 'binance', baseUrl: 'https://testnet.binance.vision' },
          { id: 'kis', baseUrl: 'https://openapivts.koreainvestment.com:29443' },
          { id: 'upbit', baseUrl: 'http://127.0.0.1:8080' },
        ]),
      ),
    ).toEqual([]);
  });

  it.each([
    ['not a url', 'must be an absolute http(s) URL (e.g. "https://testnet.binance.vision"), got "not a url"'],
    [42, 'must be an absolute http(s) URL (e.g. "https://testnet.binance.vision"), got 42'],
    [
      'ftp://api.binance.com',
      'must be an absolute http(s) URL (e.g. "https://testnet.binance.vision"), got "ftp://api.binance.com"',
    ],
    [
      'https://api.binance.com/',
      'must be the host only, without path or trailing slash (e.g. "https://testnet.binance.vision"), got "https://api.binance.com/"',
    ],
    [
      'https://api.binance.com/api/v3',
      'must be the host only, without path or trailing slash (e.g. "https://testnet.binance.vision"), got "https://api.binance.com/api/v3"',
    ],
  ])('rejects %j, naming the field', (baseUrl, message) => {
    expect(issues(withVenues([{ id: 'binance', baseUrl }]))).toEqual([`venues[0].baseUrl: ${message}`]);
  });

  it('rejects a baseUrl on the paper venue', () => {
    expect(issues(withVenues([{ id: 'paper', baseUrl: 'https://example.com' }]))).toEqual([
      'venues[0].baseUrl: the paper venue has no API endpoint; remove baseUrl',
    ]);
  });

  it('defaults to the venue’s production endpoint (none for paper and creon)', () => {
    const platform = resolvePlatformConfig({
      name: 'acme',
      venues: [{ id: 'paper' }, { id: 'binance' }, { id: 'upbit' }, { id: 'kis' }, { id: 'creon' }],
    });
    expect(platform.venues.map((v) => [v.id, v.baseUrl])).toEqual([
      ['paper', undefined],
      ['binance', 'https://api.binance.com'],
      ['upbit', 'https://api.upbit.com'],
      ['kis', 'https://openapi.koreainvestment.com:9443'],
      ['creon', undefined],
    ]);
  });

  it('is rendered into the platform settings with the credential secret names', () => {
    const platform = resolvePlatformConfig({
      name: 'acme',
      venues: [{ id: 'paper' }, { id: 'binance', baseUrl: 'https://testnet.binance.vision' }],
      instruments: [{ symbol: 'BTCUSDT', venue: 'binance', quoteCurrency: 'USDT', tickSize: 0.01, lotSize: 0.0001 }],
      strategies: [],
    });
    const source = renderPlatformSettings(platform).join('\n');
    const settings = JSON.parse(source.slice(source.indexOf('= ') + 2, -1)) as { venues: unknown };
    expect(settings.venues).toEqual([
      {
        id: 'paper',
        enabled: true,
        credentialSecrets: [],
        baseUrl: null,
        streamUrl: null,
        reconcileEveryMs: null,
        startingCash: 1_000_000,
      },
      {
        id: 'binance',
        enabled: true,
        credentialSecrets: ['binance-api-key', 'binance-api-secret'],
        baseUrl: 'https://testnet.binance.vision',
        streamUrl: 'wss://stream.binance.com:9443',
        reconcileEveryMs: 60_000,
        startingCash: null,
      },
    ]);
  });
});

describe('venues: streamUrl', () => {
  it('accepts ws(s) hosts on Binance, Upbit and KIS', () => {
    expect(
      issues(
        withVenues([
          { id: 'binance', streamUrl: 'wss://stream.testnet.binance.vision' },
          { id: 'kis', streamUrl: 'ws://ops.koreainvestment.com:31000' },
          { id: 'upbit', streamUrl: 'ws://127.0.0.1:8080' },
        ]),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'https://stream.binance.com',
      'must be an absolute ws(s) URL (e.g. "wss://stream.testnet.binance.vision"), got "https://stream.binance.com"',
    ],
    [
      'stream.binance.com',
      'must be an absolute ws(s) URL (e.g. "wss://stream.testnet.binance.vision"), got "stream.binance.com"',
    ],
    [
      'wss://stream.binance.com:9443/ws',
      'must be the host only, without path or trailing slash (e.g. "wss://stream.testnet.binance.vision"), got "wss://stream.binance.com:9443/ws"',
    ],
  ])('rejects %j, naming the field', (streamUrl, message) => {
    expect(issues(withVenues([{ id: 'binance', streamUrl }]))).toEqual([`venues[0].streamUrl: ${message}`]);
  });

  it('rejects a streamUrl on paper and on Creon, saying why', () => {
    expect(
      issues(
        withVenues([
          { id: 'paper', streamUrl: 'wss://example.com' },
          { id: 'creon', streamUrl: 'wss://example.com' },
        ]),
      ),
    ).toEqual([
      'venues[0].streamUrl: the paper venue has no stream; remove streamUrl',
      "venues[1].streamUrl: Creon's stream is served on its bridge's baseUrl; remove streamUrl",
    ]);
  });

  it('defaults to the venue’s production stream (none for paper and creon)', () => {
    const platform = resolvePlatformConfig({
      name: 'acme',
      venues: [{ id: 'paper' }, { id: 'binance' }, { id: 'upbit' }, { id: 'kis' }, { id: 'creon' }],
    });
    expect(platform.venues.map((v) => [v.id, v.streamUrl])).toEqual([
      ['paper', undefined],
      ['binance', 'wss://stream.binance.com:9443'],
      ['upbit', 'wss://api.upbit.com'],
      ['kis', 'ws://ops.koreainvestment.com:21000'],
      ['creon', undefined],
    ]);
  });

  it('defaults to KIS’s paper stream for a KIS paper account', () => {
    const platform = resolvePlatformConfig({
      name: 'acme',
      venues: [{ id: 'kis', baseUrl: 'https://openapivts.koreainvestment.com:29443' }],
    });
    expect(platform.venues[0]?.streamUrl).toBe('ws://ops.koreainvestment.com:31000');
  });
});

describe('venues: reconcileEveryMs', () => {
  it('defaults to a minute on every real venue; paper is not reconciled', () => {
    const platform = resolvePlatformConfig({
      name: 'acme',
      venues: [{ id: 'paper' }, { id: 'binance' }, { id: 'kis', reconcileEveryMs: 5_000 }],
    });
    expect(platform.venues.map((v) => [v.id, v.reconcileEveryMs])).toEqual([
      ['paper', undefined],
      ['binance', 60_000],
      ['kis', 5_000],
    ]);
    const source = renderPlatformSettings(platform).join('\n');
    const settings = JSON.parse(source.slice(source.indexOf('= ') + 2, -1)) as {
      venues: { id: string; reconcileEveryMs: number | null }[];
    };
    expect(settings.venues.map((v) => v.reconcileEveryMs)).toEqual([null, 60_000, 5_000]);
  });

  it('accepts whole milliseconds from a second to an hour', () => {
    expect(
      issues(
        withVenues([
          { id: 'binance', reconcileEveryMs: 1_000 },
          { id: 'upbit', reconcileEveryMs: 3_600_000 },
        ]),
      ),
    ).toEqual([]);
  });

  it.each([[999], [3_600_001], [1_500.5], ['5000'], [null]])('rejects %j, naming the field and the range', (value) => {
    expect(issues(withVenues([{ id: 'upbit', reconcileEveryMs: value }]))).toEqual([
      `venues[0].reconcileEveryMs: must be whole milliseconds from 1000 to 3600000 (default 60000), got ${JSON.stringify(value)}`,
    ]);
  });

  it('rejects it on the paper venue, saying why', () => {
    expect(issues(withVenues([{ id: 'paper', reconcileEveryMs: 5_000 }]))).toEqual([
      'venues[0].reconcileEveryMs: the paper venue is not reconciled; remove reconcileEveryMs',
    ]);
  });
});
