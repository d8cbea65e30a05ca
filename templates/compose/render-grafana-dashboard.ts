import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { PROMETHEUS_DATASOURCE_UID, scrapeJobName } from './render-observability-configs.js';

/** One dashboard panel: a title, what it shows, and the PromQL behind it. */
export interface DashboardPanel {
  readonly title: string;
  readonly description: string;
  readonly type: 'timeseries' | 'stat';
  readonly unit: string;
  /** PromQL with its legend. */
  readonly queries: readonly { readonly expr: string; readonly legend: string }[];
}

/**
 * The platform's panels, from the metrics every service serves on `/metrics` (packages/runtime,
 * observability/metrics): the order flow the order service counts, risk's denials, time to fill,
 * consumer lag, and each service's health and Node.js process.
 */
export function platformPanels(platform: ResolvedPlatformConfig): DashboardPanel[] {
  const job = `job="${scrapeJobName(platform)}"`;
  return [
    {
      title: 'Services up',
      description: 'Whether Prometheus reaches each service (1) or not (0)',
      type: 'stat',
      unit: 'none',
      queries: [{ expr: `up{${job}}`, legend: '{{service}}' }],
    },
    {
      title: 'Orders per second, by status',
      description: 'INITIALIZED is orders placed; FILLED, DENIED, REJECTED… the statuses they reach',
      type: 'timeseries',
      unit: 'reqps',
      queries: [{ expr: `sum by (status) (rate(tradeforge_orders_total{${job}}[1m]))`, legend: '{{status}}' }],
    },
    {
      title: 'Risk denials per second, by code',
      description: "Orders the risk engine denied, by core's denial code",
      type: 'timeseries',
      unit: 'reqps',
      queries: [{ expr: `sum by (code) (rate(tradeforge_risk_denials_total{${job}}[5m]))`, legend: '{{code}}' }],
    },
    {
      title: 'Order to fill',
      description: "From an order's creation to the fill that completed it",
      type: 'timeseries',
      unit: 's',
      queries: [0.5, 0.95, 0.99].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (le) (rate(tradeforge_order_to_fill_seconds_bucket{${job}}[5m])))`,
        legend: `p${Math.round(q * 100)}`,
      })),
    },
    {
      title: 'Consumer lag, by topic and group',
      description: 'Records on each topic that a consumer group has not processed yet',
      type: 'timeseries',
      unit: 'short',
      queries: [
        {
          expr: `max by (topic, group) (tradeforge_consumer_lag_messages{${job}})`,
          legend: '{{group}} ← {{topic}}',
        },
      ],
    },
    {
      title: 'Event loop lag p99, by service',
      description: 'Node.js event loop delay: a busy or blocked service shows here first',
      type: 'timeseries',
      unit: 's',
      queries: [{ expr: `max by (service) (nodejs_eventloop_lag_p99_seconds{${job}})`, legend: '{{service}}' }],
    },
    {
      title: 'Resident memory, by service',
      description: "Each service process's resident set size",
      type: 'timeseries',
      unit: 'bytes',
      queries: [{ expr: `max by (service) (process_resident_memory_bytes{${job}})`, legend: '{{service}}' }],
    },
  ];
}

/** Grafana dashboard JSON (schema 39): the platform panels on a two-column grid. */
export function renderGrafanaDashboard(platform: ResolvedPlatformConfig): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID };
  const panels = platformPanels(platform).map((panel, index) => ({
    id: index + 1,
    title: panel.title,
    description: panel.description,
    type: panel.type,
    datasource,
    // The first panel (health) spans the row; the rest sit two by two.
    gridPos:
      index === 0
        ? { x: 0, y: 0, w: 24, h: 4 }
        : { x: ((index - 1) % 2) * 12, y: 4 + Math.floor((index - 1) / 2) * 8, w: 12, h: 8 },
    fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
    options: {},
    targets: panel.queries.map((query, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource,
      expr: query.expr,
      legendFormat: query.legend,
    })),
  }));
  return {
    uid: `${platform.name}-platform`,
    title: `${platform.name} platform`,
    tags: [platform.name],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '10s',
    time: { from: 'now-30m', to: 'now' },
    panels,
  };
}
