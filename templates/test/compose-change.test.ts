import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ComposeFile } from '../compose/compose-types.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { synthPlatform } from './synth-platform.js';
import type { SynthResult } from './synth-platform.js';

const base: PlatformConfig = {
  name: 'acme',
  services: [
    { name: 'gateway', role: 'gateway', port: 4000, dependsOn: ['bus'] },
    { name: 'pricing', port: 4100, dependsOn: ['database', 'cache'] },
  ],
};
/** The same platform after a team moved pricing to another port and added a service. */
const changed: PlatformConfig = {
  name: 'acme',
  services: [
    { name: 'gateway', role: 'gateway', port: 4000, dependsOn: ['bus'] },
    { name: 'pricing', port: 4200, dependsOn: ['database', 'cache'] },
    { name: 'hedging', port: 4300, dependsOn: ['bus'] },
  ],
};

interface Prometheus {
  scrape_configs: { static_configs: { targets: string[]; labels: { service: string } }[] }[];
}
interface Workflow {
  jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
}

/** Where each generated artefact says each service listens, as `port:name`. */
function portsEverywhere(out: SynthResult) {
  const platform = parse(out.read('compose/platform.yml')) as ComposeFile;
  const prometheus = parse(out.read('compose/observability/prometheus.yml')) as Prometheus;
  const load = parse(out.read('.github/workflows/load.yml')) as Workflow;
  const healthWaits = load.jobs.load?.steps.find((s) => s.name === 'Wait for every service to be healthy')?.run ?? '';
  const devcontainer = out.json<{ forwardPorts: number[] }>('.devcontainer/devcontainer.json');
  return {
    platform,
    composePorts: Object.entries(platform.services).map(([name, s]) => `${s.environment?.PORT}:${name}`),
    published: Object.entries(platform.services).map(([name, s]) => `${s.ports?.[0]}:${name}`),
    healthchecks: Object.entries(platform.services).map(
      ([name, s]) => `${/127\.0\.0\.1:(\d+)\/ready/.exec(s.healthcheck?.test.join(' ') ?? '')?.[1]}:${name}`,
    ),
    scraped: prometheus.scrape_configs[0]!.static_configs.map(
      (c) => `${c.targets[0]!.split(':')[1]}:${c.labels.service}`,
    ),
    loadHealth: [...healthWaits.matchAll(/localhost:(\d+)\/health > \/dev\/null # (\S+)/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    ),
    devcontainer: devcontainer.forwardPorts.filter((p) => p >= 4000 && p < 5000),
  };
}

describe('a changed port and an added service in the config', () => {
  const before = portsEverywhere(synthPlatform(base));
  const after = portsEverywhere(synthPlatform(changed));
  const expected = ['4000:gateway', '4200:pricing', '4300:hedging'];

  it('move the service in compose: its PORT, published port, health check and Prometheus target', () => {
    expect(before.composePorts).toEqual(['4000:gateway', '4100:pricing']);
    expect(after.composePorts).toEqual(expected);
    expect(after.healthchecks).toEqual(expected);
    expect(after.scraped).toEqual(expected);
    expect(after.published).toEqual([
      '127.0.0.1:${GATEWAY_HOST_PORT:-4000}:4000:gateway',
      '127.0.0.1:${PRICING_HOST_PORT:-4200}:4200:pricing',
      '127.0.0.1:${HEDGING_HOST_PORT:-4300}:4300:hedging',
    ]);
  });

  it('tell every peer the new address, and give the new service its build, dependencies and peers', () => {
    const { services } = after.platform;
    expect(services.gateway?.environment).toMatchObject({
      PRICING_SERVICE_URL: 'http://pricing:4200',
      HEDGING_SERVICE_URL: 'http://hedging:4300',
    });
    expect(services.hedging).toMatchObject({
      image: 'acme/hedging:${IMAGE_TAG:-dev}',
      build: { context: '..', dockerfile: 'services/hedging/Dockerfile' },
      environment: {
        KAFKA_BROKERS: 'kafka:9092',
        GATEWAY_SERVICE_URL: 'http://gateway:4000',
        PRICING_SERVICE_URL: 'http://pricing:4200',
      },
      depends_on: { kafka: { condition: 'service_healthy' } },
    });
    expect(JSON.stringify(after.platform)).not.toContain('4100');
  });

  it('agree with the devcontainer and the load workflow', () => {
    expect(after.loadHealth).toEqual(expected);
    expect(after.devcontainer).toEqual([4000, 4200, 4300]);
    expect(after.composePorts.map((p) => Number(p.split(':')[0]))).toEqual(after.devcontainer);
  });
});
