import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlatformConfig } from '../config/platform-config.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { validatePlatformConfig } from '../config/validate-config.js';
import { VERSIONS } from '../versions.js';
import { synthPlatform } from './synth-platform.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

// Built from `unknown` on purpose: .projenrc.ts runs without a type-check.
const withImages = (images: unknown): PlatformConfig => ({ name: 'acme', images }) as PlatformConfig;

function onlyIssue(config: PlatformConfig): string {
  const issues = validatePlatformConfig(config);
  expect(issues).toHaveLength(1);
  return `${issues[0]!.path}: ${issues[0]!.message}`;
}

/** The generated name list as a module, as the image build and the test suites import it. */
interface ImagesModule {
  CONFIGURED_IMAGE_SOURCE: string;
  OBSERVABILITY_IMAGES: Record<string, string>;
  imageSource(env: Record<string, string | undefined>): string;
  platformImages(env: Record<string, string | undefined>): Record<string, string>;
}

async function generatedImages(config: PlatformConfig): Promise<ImagesModule> {
  const out = synthPlatform(config);
  return (await import(path.join(out.outdir, 'images/generated/images.ts'))) as ImagesModule;
}

describe('images: validation', () => {
  it('accepts a source and images from a mirror, tagged or pinned by digest', () => {
    expect(
      validatePlatformConfig(
        withImages({
          source: 'local',
          postgres: 'registry.example.com:5000/library/postgres:17.5',
          kafka: 'apache/kafka:4.2.2',
          redis: `redis@sha256:${'a'.repeat(64)}`,
          node: 'node:24-bookworm-slim',
        }),
      ),
    ).toEqual([]);
  });

  it('accepts and checks the observability images like the others', () => {
    expect(validatePlatformConfig(withImages({ jaeger: 'mirror.example.com/jaegertracing/jaeger:2.5.0' }))).toEqual([]);
    expect(onlyIssue(withImages({ grafana: 'grafana/grafana:latest' }))).toMatch(
      /^images\.grafana: "grafana\/grafana:latest" follows "latest"; pin a version tag/,
    );
  });

  it('rejects an unknown source and names the allowed ones', () => {
    expect(onlyIssue(withImages({ source: 'remote' }))).toBe(
      'images.source: "remote" is not allowed; use one of "official", "local"',
    );
  });

  it('rejects an image id that does not exist (a typo would otherwise be ignored)', () => {
    expect(onlyIssue(withImages({ postgress: 'postgres:17' }))).toBe(
      'images.postgress: no image is called "postgress"; set "source" or one of "postgres", "kafka", "redis", "node", "otelCollector", "jaeger", "prometheus", "grafana"',
    );
  });

  it.each(['Postgres:17', 'postgres:', '', 17, 'postgres:17 ', 'http://postgres:17'])(
    'rejects %j as an image reference',
    (postgres) => {
      expect(onlyIssue(withImages({ postgres }))).toMatch(
        /^images\.postgres: .* is not an image reference; use "\[registry\/\]repository:tag", e\.g\. "postgres:17"$/,
      );
    },
  );

  it.each(['redis', 'redis:latest', 'mirror.example.com/redis:latest'])(
    'asks for a pinned tag instead of %j',
    (redis) => {
      expect(onlyIssue(withImages({ redis }))).toMatch(/^images\.redis: ".*" follows "latest"; pin a version tag/);
    },
  );

  it('rejects an images section that is not an object', () => {
    expect(onlyIssue(withImages('local'))).toBe('images: must be an object such as { source: "local" }, got "local"');
  });
});

describe('images: resolved names', () => {
  it('selects the official images by default', () => {
    const { images } = resolvePlatformConfig({ name: 'acme' });
    expect(images.source).toBe('official');
    expect([images.postgres.name, images.kafka.name, images.redis.name, images.node.name]).toEqual([
      'postgres:17',
      `apache/kafka:${VERSIONS.kafka}`,
      'redis:7',
      'node:24-bookworm-slim',
    ]);
  });

  it('selects the locally built images when the source is local', () => {
    const { images } = resolvePlatformConfig(
      withImages({ source: 'local', postgres: 'mirror.example.com/postgres:17' }),
    );
    expect([images.postgres.name, images.kafka.name, images.redis.name, images.node.name]).toEqual([
      'tradeforge-local/postgres:17',
      `tradeforge-local/kafka:${VERSIONS.kafka}`,
      'tradeforge-local/redis:7',
      'tradeforge-local/node:24',
    ]);
    // The official name stays known, for a run-time switch back.
    expect(images.postgres.official).toBe('mirror.example.com/postgres:17');
  });

  it('uses a configured official image in place of the default', () => {
    expect(resolvePlatformConfig(withImages({ redis: 'mirror.example.com/redis:7.4' })).images.redis.name).toBe(
      'mirror.example.com/redis:7.4',
    );
  });

  it('names the observability images with pinned tags, official under either source (no local build)', () => {
    const official = resolvePlatformConfig({ name: 'acme' }).images.observability;
    expect(official).toEqual({
      otelCollector: `otel/opentelemetry-collector-contrib:${VERSIONS.otelCollector}`,
      jaeger: `jaegertracing/jaeger:${VERSIONS.jaeger}`,
      prometheus: `prom/prometheus:v${VERSIONS.prometheus}`,
      grafana: `grafana/grafana:${VERSIONS.grafana}`,
    });
    expect(resolvePlatformConfig(withImages({ source: 'local' })).images.observability).toEqual(official);
    expect(
      resolvePlatformConfig(withImages({ prometheus: 'mirror.example.com/prom/prometheus:v3.2.1' })).images
        .observability.prometheus,
    ).toBe('mirror.example.com/prom/prometheus:v3.2.1');
  });

  it('builds Kafka from the jars of the same version the config names', () => {
    const pom = fs.readFileSync(path.join(REPO_ROOT, 'packages/test-infra/kafka/pom.xml'), 'utf8');
    expect(/<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1]).toBe(VERSIONS.kafka);
  });
});

describe('images: generated files', () => {
  it("defaults every service Dockerfile's NODE_IMAGE to the config's Node image", () => {
    const official = synthPlatform({ name: 'acme' });
    const local = synthPlatform(withImages({ source: 'local' }));
    const mirror = synthPlatform(withImages({ node: 'mirror.example.com/node:24.21.0-bookworm-slim' }));
    for (const service of ['gateway', 'order', 'portfolio']) {
      const file = `services/${service}/Dockerfile`;
      expect(official.read(file)).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
      expect(local.read(file)).toMatch(/^ARG NODE_IMAGE=tradeforge-local\/node:24$/m);
      expect(mirror.read(file)).toMatch(/^ARG NODE_IMAGE=mirror\.example\.com\/node:24\.21\.0-bookworm-slim$/m);
    }
  });

  it('adds the images:build task running the build script', () => {
    const tasks = synthPlatform({ name: 'acme' }).json<{ tasks: Record<string, { steps: { exec: string }[] }> }>(
      '.projen/tasks.json',
    ).tasks;
    expect(tasks['images:build']?.steps).toEqual([{ exec: 'tsx images/build-images.ts', receiveArgs: true }]);
  });

  it('lets TRADEFORGE_IMAGES override the configured source at run time', async () => {
    const images = await generatedImages({ name: 'acme' });
    expect(images.CONFIGURED_IMAGE_SOURCE).toBe('official');
    expect(images.platformImages({}).postgres).toBe('postgres:17');
    expect(images.platformImages({ TRADEFORGE_IMAGES: 'local' })).toEqual({
      postgres: 'tradeforge-local/postgres:17',
      kafka: `tradeforge-local/kafka:${VERSIONS.kafka}`,
      redis: 'tradeforge-local/redis:7',
      node: 'tradeforge-local/node:24',
    });
    expect(images.imageSource({ TRADEFORGE_IMAGES: ' ' })).toBe('official');
  });

  it('lists the observability images in the generated names file', async () => {
    const images = await generatedImages(withImages({ source: 'local', jaeger: 'mirror.example.com/jaeger:2.5.0' }));
    expect(images.OBSERVABILITY_IMAGES).toMatchObject({
      jaeger: 'mirror.example.com/jaeger:2.5.0',
      grafana: `grafana/grafana:${VERSIONS.grafana}`,
    });
  });

  it('lets TRADEFORGE_IMAGES switch a local config back to the official images', async () => {
    const images = await generatedImages(withImages({ source: 'local' }));
    expect(images.platformImages({}).kafka).toBe(`tradeforge-local/kafka:${VERSIONS.kafka}`);
    expect(images.platformImages({ TRADEFORGE_IMAGES: 'official' }).kafka).toBe(`apache/kafka:${VERSIONS.kafka}`);
  });

  it('refuses an unknown TRADEFORGE_IMAGES value, naming the allowed ones', async () => {
    const images = await generatedImages({ name: 'acme' });
    expect(() => images.imageSource({ TRADEFORGE_IMAGES: 'airgapped' })).toThrow(
      'TRADEFORGE_IMAGES="airgapped" is not allowed; use "official" or "local" (or leave it unset for the config\'s "official")',
    );
  });
});
