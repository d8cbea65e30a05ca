import type { ResolvedPlatformConfig } from '../config/resolve-config.js';

/** The observability profile's configuration files, relative to the compose folder. */
export const OBSERVABILITY_CONFIG_FILES = {
  collector: 'observability/otel-collector.yml',
  prometheus: 'observability/prometheus.yml',
  grafanaDatasources: 'observability/grafana/datasources.yml',
  grafanaDashboards: 'observability/grafana/dashboards.yml',
  dashboard: (platform: ResolvedPlatformConfig) => `observability/grafana/dashboards/${platform.name}.json`,
} as const;

/** The Prometheus data source's uid, which every dashboard panel names. */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';

/** The Prometheus job that scrapes the platform's services. */
export function scrapeJobName(platform: ResolvedPlatformConfig): string {
  return platform.name;
}

/**
 * Prometheus: every service's `/metrics` at its compose host name and port, labelled with the
 * service and its role. honor_labels: the services already label every series `service=<name>`.
 */
export function renderPrometheusConfig(platform: ResolvedPlatformConfig): Record<string, unknown> {
  return {
    global: { scrape_interval: '15s', evaluation_interval: '15s' },
    scrape_configs: [
      {
        job_name: scrapeJobName(platform),
        metrics_path: '/metrics',
        honor_labels: true,
        static_configs: platform.services.map((s) => ({
          targets: [`${s.name}:${s.port}`],
          labels: { service: s.name, role: s.role },
        })),
      },
    ],
  };
}

/** OpenTelemetry Collector: OTLP in (gRPC and HTTP), batched, OTLP out to Jaeger. */
export function renderCollectorConfig(): Record<string, unknown> {
  return {
    receivers: {
      otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
    },
    processors: { batch: {} },
    exporters: { 'otlp/jaeger': { endpoint: 'jaeger:4317', tls: { insecure: true } } },
    service: {
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlp/jaeger'] } },
    },
  };
}

/** Grafana's data sources: Prometheus (the default, for the dashboard) and Jaeger (traces). */
export function renderGrafanaDatasources(): Record<string, unknown> {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: PROMETHEUS_DATASOURCE_UID,
        type: 'prometheus',
        access: 'proxy',
        url: 'http://prometheus:9090',
        isDefault: true,
        editable: false,
      },
      { name: 'Jaeger', uid: 'jaeger', type: 'jaeger', access: 'proxy', url: 'http://jaeger:16686', editable: false },
    ],
  };
}

/** Grafana's dashboard provider: the generated dashboards folder, read-only. */
export function renderGrafanaDashboardProvider(platform: ResolvedPlatformConfig): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: [
      {
        name: platform.name,
        folder: platform.name,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        options: { path: '/etc/grafana/dashboards' },
      },
    ],
  };
}
