import { Registry, collectDefaultMetrics } from 'prom-client';
import type { ServiceManifest } from '../../service-manifest.js';
import type { BusObservations } from '../service-event-bus.js';
import { orderFlowMetricsFor } from './order-flow-metrics.js';

/** Injection token of the service's Prometheus registry: add a service's own metrics to it. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export interface ServiceMetrics {
  /** What `/metrics` serves. */
  readonly registry: Registry;
  /** The trading metrics this service's role records, fed by its view of the bus. */
  readonly orderFlow: BusObservations;
}

/**
 * A registry per service (not prom-client's global one): in embedded mode several services share
 * a process, and each `/metrics` must show its own trading metrics. Every series carries
 * `service="<name>"`; the default Node.js process metrics (CPU, memory, event loop lag, GC) are
 * the process's, so embedded services show the same values for those.
 */
export function createServiceMetrics(manifest: Pick<ServiceManifest, 'name' | 'role'>): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: manifest.name });
  collectDefaultMetrics({ register: registry });
  return { registry, orderFlow: orderFlowMetricsFor(manifest.role, registry) };
}
