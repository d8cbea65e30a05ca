import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ComposeFile } from '../compose/compose-types.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { synthPlatform } from './synth-platform.js';
import type { SynthResult } from './synth-platform.js';

/**
 * The Done-when of issue #7: a changed port and an added service in the config reach the dev
 * container, compose, the workflows and the load scenarios alike. Both configs are synthesized
 * the way `npx projen` writes them, and each artefact is read back as its tool reads it (YAML,
 * JSON, the k6 script's text), so a generator that forgets one place fails here.
 */
const base: PlatformConfig = {
  name: 'acme',
  services: [
    { name: 'gateway', role: 'gateway', port: 4000, dependsOn: ['bus'] },
    { name: 'pricing', port: 4100, dependsOn: ['database', 'cache'] },
  ],
};
/** The same platform after a team moved the gateway and pricing to other ports and added a service. */
const changed: PlatformConfig = {
  name: 'acme',
  services: [
    { name: 'gateway', role: 'gateway', port: 4500, dependsOn: ['bus'] },
    { name: 'pricing', port: 4200, dependsOn: ['database', 'cache'] },
    { name: 'hedging', port: 4300, dependsOn: ['bus'] },
  ],
};
const BEFORE = ['4000:gateway', '4100:pricing'];
const AFTER = ['4500:gateway', '4200:pricing', '4300:hedging'];

interface DevContainerJson {
  forwardPorts: number[];
  portsAttributes: Record<string, { label: string }>;
}
interface LaunchJson {
  configurations: { name: string; program: string; env?: Record<string, string>; preLaunchTask?: string }[];
  compounds: { configurations: string[] }[];
}
interface WorkflowStep {
  name?: string;
  run?: string;
  with?: Record<string, string>;
}
interface WorkflowFile {
  jobs: Record<string, { env?: Record<string, string>; steps: WorkflowStep[] }>;
}
interface Prometheus {
  scrape_configs: { static_configs: { targets: string[]; labels: { service: string } }[] }[];
}

/** Every place a generated artefact names a service's port, as `port:service` lists, plus what the load scenarios aim at. */
function whatEachArtefactSays(out: SynthResult) {
  const devcontainer = out.json<DevContainerJson>('.devcontainer/devcontainer.json');
  const launch = out.json<LaunchJson>('.vscode/launch.json');
  const platform = parse(out.read('compose/platform.yml')) as ComposeFile;
  const prometheus = parse(out.read('compose/observability/prometheus.yml')) as Prometheus;
  const workflow = (name: string) => parse(out.read(`.github/workflows/${name}.yml`)) as WorkflowFile;
  const steps = (name: string) => Object.values(workflow(name).jobs).flatMap((job) => job.steps);
  const load = workflow('load').jobs.load!;
  const healthWaits = load.steps.find((s) => s.name === 'Wait for every service to be healthy')?.run ?? '';
  const k6Scripts = Object.keys(out.files).filter((f) => /^load\/k6\/[\w-]+\.ts$/.test(f));
  const servicePorts = devcontainer.forwardPorts.filter((p) => p >= 4000 && p < 5000);
  return {
    devcontainer: {
      forwarded: servicePorts.map((p) => `${p}:${devcontainer.portsAttributes[p]?.label.split(' ')[0]}`),
      launch: launch.configurations
        .filter((c) => c.env?.PORT)
        .map((c) => `${c.env?.PORT}:${/services\/([\w-]+)\//.exec(c.program)?.[1]}`),
      // Besides one per service, launch.json debugs the current test file.
      launchNames: launch.configurations.filter((c) => c.env?.PORT).map((c) => c.name),
      compound: launch.compounds[0]?.configurations ?? [],
    },
    compose: {
      services: Object.keys(platform.services),
      port: Object.entries(platform.services).map(([name, s]) => `${s.environment?.PORT}:${name}`),
      published: Object.entries(platform.services).map(([name, s]) => `${s.ports?.[0]?.split(':').at(-1)}:${name}`),
      publishedDefaults: Object.entries(platform.services).map(
        ([name, s]) => `${/:-(\d+)\}/.exec(s.ports?.[0] ?? '')?.[1]}:${name}`,
      ),
      healthcheck: Object.entries(platform.services).map(
        ([name, s]) => `${/127\.0\.0\.1:(\d+)\/ready/.exec(s.healthcheck?.test.join(' ') ?? '')?.[1]}:${name}`,
      ),
      scraped: prometheus.scrape_configs[0]!.static_configs.map(
        (c) => `${c.targets[0]!.split(':')[1]}:${c.labels.service}`,
      ),
      platform,
    },
    workflows: {
      loadHealthWaits: [...healthWaits.matchAll(/localhost:(\d+)\/health > \/dev\/null # (\S+)/g)].map(
        (m) => `${m[1]}:${m[2]}`,
      ),
      loadBaseUrl: load.env?.BASE_URL,
      imagesBuilt: Object.fromEntries(
        ['load', 'preview', 'deploy'].map((name) => [
          name,
          steps(name)
            .filter((s) => /^Build (and push )?[\w-]+$/.test(s.name ?? ''))
            .map((s) => s.with?.file),
        ]),
      ),
    },
    load: {
      scenarios: k6Scripts.map((f) => f.slice('load/k6/'.length, -'.ts'.length)),
      k6BaseUrls: k6Scripts.map((f) => /__ENV\.BASE_URL \|\| "([^"]+)"/.exec(out.read(f))?.[1]),
      moduleBaseUrl: /DEFAULT_BASE_URL = "([^"]+)"/.exec(out.read('load/generated/scenarios.ts'))?.[1],
      paths: [...out.read('load/generated/scenarios.ts').matchAll(/"path": "([^"]+)"/g)].map((m) => m[1]),
    },
  };
}

describe('a changed port and an added service in the config', () => {
  const before = whatEachArtefactSays(synthPlatform(base));
  const after = whatEachArtefactSays(synthPlatform(changed));

  it('start from the same ports everywhere', () => {
    for (const ports of [
      before.devcontainer.forwarded,
      before.devcontainer.launch,
      before.compose.port,
      before.compose.published,
      before.compose.publishedDefaults,
      before.compose.healthcheck,
      before.compose.scraped,
      before.workflows.loadHealthWaits,
    ]) {
      expect(ports).toEqual(BEFORE);
    }
  });

  it('move the dev container: forwarded ports with their labels, and a launch.json debug configuration per service', () => {
    expect(after.devcontainer.forwarded).toEqual(AFTER);
    expect(after.devcontainer.launch).toEqual(AFTER);
    expect(after.devcontainer.launchNames).toEqual([
      'gateway (port 4500)',
      'pricing (port 4200)',
      'hedging (port 4300)',
    ]);
    expect(after.devcontainer.compound).toEqual(after.devcontainer.launchNames);
  });

  it('move compose: the service list, PORT, published port, health check and Prometheus target', () => {
    expect(before.compose.services).toEqual(['gateway', 'pricing']);
    expect(after.compose.services).toEqual(['gateway', 'pricing', 'hedging']);
    for (const ports of [
      after.compose.port,
      after.compose.published,
      after.compose.publishedDefaults,
      after.compose.healthcheck,
      after.compose.scraped,
    ]) {
      expect(ports).toEqual(AFTER);
    }
  });

  it('tell every peer in compose the new addresses, and give the new service its image, build, dependencies and peers', () => {
    const { services } = after.compose.platform;
    expect(services.gateway?.environment).toMatchObject({
      PRICING_SERVICE_URL: 'http://pricing:4200',
      HEDGING_SERVICE_URL: 'http://hedging:4300',
    });
    expect(services.pricing?.environment).toMatchObject({ GATEWAY_SERVICE_URL: 'http://gateway:4500' });
    expect(services.hedging).toMatchObject({
      image: 'acme/hedging:${IMAGE_TAG:-dev}',
      build: { context: '..', dockerfile: 'services/hedging/Dockerfile' },
      environment: {
        PORT: '4300',
        KAFKA_BROKERS: 'kafka:9092',
        GATEWAY_SERVICE_URL: 'http://gateway:4500',
        PRICING_SERVICE_URL: 'http://pricing:4200',
      },
      depends_on: { kafka: { condition: 'service_healthy' } },
    });
    // No old port survives anywhere in the platform file.
    expect(JSON.stringify(after.compose.platform)).not.toMatch(/\b4[01]00\b/);
  });

  it('move the workflows: the load workflow waits on every new port, and every image build includes the new service', () => {
    expect(after.workflows.loadHealthWaits).toEqual(AFTER);
    const dockerfiles = ['services/gateway/Dockerfile', 'services/pricing/Dockerfile', 'services/hedging/Dockerfile'];
    expect(before.workflows.imagesBuilt.deploy).toEqual(dockerfiles.slice(0, 2));
    expect(after.workflows.imagesBuilt).toEqual({ load: dockerfiles, preview: dockerfiles, deploy: dockerfiles });
  });

  it("aim the load scenarios, k6's and npm run load's alike, at the gateway's new port, the one compose publishes", () => {
    expect(before.load.k6BaseUrls.every((u) => u === 'http://localhost:4000')).toBe(true);
    const gateway = 'http://localhost:4500';
    expect(after.load.k6BaseUrls.length).toBeGreaterThan(0);
    expect(new Set([...after.load.k6BaseUrls, after.load.moduleBaseUrl, after.workflows.loadBaseUrl])).toEqual(
      new Set([gateway]),
    );
    expect(after.compose.publishedDefaults[0]).toBe(`4500:gateway`);
    // Scenarios are gateway endpoints: the new service adds no scenario, but it is built and
    // health-checked by the load workflow before any scenario runs (above).
    expect(after.load.scenarios).toEqual(before.load.scenarios);
    expect(after.load.paths.every((p) => p?.startsWith('/api/'))).toBe(true);
  });
});
