import type { ObservabilityImageId } from '../config/images-config.js';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import type { ComposeFile, ComposeService } from './compose-types.js';
import {
  OBSERVABILITY_PROFILE,
  hostPortVariable,
  imageVariable,
  publishedPort,
  withDefault,
} from './compose-variables.js';
import { OBSERVABILITY_CONFIG_FILES } from './render-observability-configs.js';

/** OTLP over HTTP, what the services' OpenTelemetry SDK sends to `OTEL_EXPORTER_OTLP_ENDPOINT`. */
export const COLLECTOR_OTLP_HTTP_PORT = 4318;
export const COLLECTOR_OTLP_GRPC_PORT = 4317;
export const JAEGER_UI_PORT = 16686;
export const PROMETHEUS_PORT = 9090;
export const GRAFANA_PORT = 3000;

/** Host ports the observability UIs prefer, moved up past any port a service of the config takes. */
const PREFERRED_HOST_PORTS = { jaeger: JAEGER_UI_PORT, prometheus: PROMETHEUS_PORT, grafana: 3300 } as const;

/** Where the UIs are published on the host (their defaults; `<NAME>_HOST_PORT` overrides each). */
export function observabilityHostPorts(
  platform: ResolvedPlatformConfig,
): Record<'jaeger' | 'prometheus' | 'grafana', number> {
  const taken = new Set([...platform.services.map((s) => s.port), 5432, 6379, 9092]);
  const pick = (port: number): number => {
    while (taken.has(port)) port += 1;
    taken.add(port);
    return port;
  };
  return {
    jaeger: pick(PREFERRED_HOST_PORTS.jaeger),
    prometheus: pick(PREFERRED_HOST_PORTS.prometheus),
    grafana: pick(PREFERRED_HOST_PORTS.grafana),
  };
}

/**
 * `compose/observability.yml`, profile `observability`: an OpenTelemetry Collector receiving the
 * services' traces and exporting them to Jaeger, Prometheus scraping every service's `/metrics`,
 * and Grafana with Prometheus and Jaeger as data sources and the platform dashboard. Including
 * the file also points every service's OpenTelemetry SDK at the collector.
 */
export function renderObservabilityCompose(platform: ResolvedPlatformConfig): ComposeFile {
  const hostPorts = observabilityHostPorts(platform);
  const image = (id: ObservabilityImageId) => withDefault(imageVariable(id), platform.images.observability[id]);
  const profiles = [OBSERVABILITY_PROFILE];
  const mount = (file: string, target: string) => `./${file}:${target}:ro`;
  const services: Record<string, ComposeService> = {
    'otel-collector': {
      image: image('otelCollector'),
      profiles,
      command: ['--config=/etc/otelcol/config.yml'],
      volumes: [mount(OBSERVABILITY_CONFIG_FILES.collector, '/etc/otelcol/config.yml')],
      depends_on: { jaeger: { condition: 'service_started' } },
      restart: 'unless-stopped',
    },
    jaeger: {
      image: image('jaeger'),
      profiles,
      ports: [publishedPort(hostPortVariable('jaeger'), hostPorts.jaeger, JAEGER_UI_PORT)],
      restart: 'unless-stopped',
    },
    prometheus: {
      image: image('prometheus'),
      profiles,
      command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
      volumes: [
        mount(OBSERVABILITY_CONFIG_FILES.prometheus, '/etc/prometheus/prometheus.yml'),
        'prometheus-data:/prometheus',
      ],
      ports: [publishedPort(hostPortVariable('prometheus'), hostPorts.prometheus, PROMETHEUS_PORT)],
      restart: 'unless-stopped',
    },
    grafana: {
      image: image('grafana'),
      profiles,
      environment: {
        // Anyone on this machine may look; changing dashboards needs the admin login.
        GF_AUTH_ANONYMOUS_ENABLED: 'true',
        GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
        GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: `/etc/grafana/dashboards/${platform.name}.json`,
      },
      volumes: [
        mount(OBSERVABILITY_CONFIG_FILES.grafanaDatasources, '/etc/grafana/provisioning/datasources/datasources.yml'),
        mount(OBSERVABILITY_CONFIG_FILES.grafanaDashboards, '/etc/grafana/provisioning/dashboards/dashboards.yml'),
        mount(OBSERVABILITY_CONFIG_FILES.dashboard(platform), `/etc/grafana/dashboards/${platform.name}.json`),
        'grafana-data:/var/lib/grafana',
      ],
      depends_on: { prometheus: { condition: 'service_started' } },
      ports: [publishedPort(hostPortVariable('grafana'), hostPorts.grafana, GRAFANA_PORT)],
      restart: 'unless-stopped',
    },
  };
  // Merged into platform.yml's services: traces go to the collector while this file is included.
  for (const service of platform.services) {
    services[service.name] = {
      environment: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://otel-collector:${COLLECTOR_OTLP_HTTP_PORT}` },
    };
  }
  return { name: platform.name, services, volumes: { 'prometheus-data': {}, 'grafana-data': {} } };
}
