import type { ResolvedService } from '../config/resolve-config.js';

/**
 * `src/app.module.ts`, written once and then owned by the team: the service's own NestJS
 * module. Health, config, logging and telemetry are added around it by the runtime.
 */
export function renderAppModule(service: ResolvedService): string {
  return [
    "import { Module } from '@nestjs/common';",
    '',
    '/**',
    ` * The ${service.name} service (${service.role}). This file is yours: projen wrote it once and`,
    ' * never overwrites it. Add controllers and providers here; keep trading rules in',
    ' * @tradeforge/core and let this module be glue.',
    ' */',
    '@Module({',
    '  imports: [],',
    '  controllers: [],',
    '  providers: [],',
    '})',
    'export class AppModule {}',
    '',
  ].join('\n');
}
