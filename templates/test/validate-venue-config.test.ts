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
      { id: 'paper', enabled: true, credentialSecrets: [], baseUrl: null, startingCash: 1_000_000 },
      {
        id: 'binance',
        enabled: true,
        credentialSecrets: ['binance-api-key', 'binance-api-secret'],
        baseUrl: 'https://testnet.binance.vision',
        startingCash: null,
      },
    ]);
  });
});
