import type { ResolvedService } from '../config/resolve-config.js';

/** `test/health.test.ts`: boots the service on a free port and calls its health endpoints. */
export function renderHealthTest(service: ResolvedService): string[] {
  return [
    "import 'reflect-metadata';",
    "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
    "import { startServiceForTest } from '@tradeforge/runtime/testing';",
    "import type { RunningService } from '@tradeforge/runtime/testing';",
    "import { AppModule } from '../src/app.module.js';",
    "import { manifest } from '../src/generated/service-manifest.js';",
    '',
    `describe('${service.name} service', () => {`,
    '  let service: RunningService;',
    '  beforeAll(async () => {',
    '    service = await startServiceForTest(manifest, AppModule);',
    '  });',
    '  afterAll(async () => {',
    '    await service.close();',
    '  });',
    '',
    "  it('answers /health with its name', async () => {",
    '    const response = await fetch(`${service.url}/health`);',
    '    expect(response.status).toBe(200);',
    `    expect(await response.json()).toMatchObject({ status: 'ok', service: '${service.name}' });`,
    '  });',
    '',
    "  it('answers /ready with a check per declared dependency', async () => {",
    '    const response = await fetch(`${service.url}/ready`);',
    '    expect(response.status).toBe(200);',
    '    const body = (await response.json()) as { status: string; checks: Record<string, unknown> };',
    "    expect(body.status).toBe('ready');",
    `    expect(Object.keys(body.checks).sort()).toEqual(${JSON.stringify([...service.dependsOn].sort())});`,
    '  });',
    '});',
  ];
}
