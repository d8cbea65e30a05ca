import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { ReadinessProbe } from './readiness-probes.js';
import type { ServiceManifest } from '../service-manifest.js';

export const SERVICE_MANIFEST = Symbol('SERVICE_MANIFEST');
export const READINESS_PROBES = Symbol('READINESS_PROBES');

/** `/health` says the process is alive; `/ready` says every declared dependency is reachable. */
@Controller()
export class HealthController {
  constructor(
    @Inject(SERVICE_MANIFEST) private readonly manifest: ServiceManifest,
    @Inject(READINESS_PROBES) private readonly probes: Record<string, ReadinessProbe>,
  ) {}

  @Get('health')
  health(): { status: 'ok'; service: string; uptimeSeconds: number } {
    return { status: 'ok', service: this.manifest.name, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ready'; checks: Record<string, unknown> }> {
    const entries = await Promise.all(
      Object.entries(this.probes).map(async ([name, probe]) => [name, await probe()] as const),
    );
    const checks = Object.fromEntries(entries);
    // 503 tells load balancers and orchestrators to hold traffic until every dependency is up.
    if (entries.some(([, result]) => result.status === 'down')) {
      throw new ServiceUnavailableException({ status: 'not-ready', checks });
    }
    return { status: 'ready', checks };
  }
}
