/**
 * `src/generated/main.ts`: the process entry point. It only hands the user's AppModule to the
 * shared bootstrap (env validation, logs, telemetry, Sentry, health, graceful shutdown).
 */
export function renderServiceMain(): string[] {
  return [
    "import 'reflect-metadata';",
    "import { runService } from '@tradeforge/runtime';",
    "import { AppModule } from '../app.module.js';",
    "import { manifest } from './service-manifest.js';",
    '',
    'await runService(manifest, AppModule);',
  ];
}
