import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { BadRequestException, Controller, Get, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startErrorReporting } from '../../src/index.js';
import type { ServiceManifest } from '../../src/index.js';
import { startServiceForTest } from '../../src/testing/index.js';
import type { RunningService } from '../../src/testing/index.js';

// A test-only service whose handlers fail the two ways a handler can: a bug, and a chosen answer.
const bug = `ledger out of balance ${randomUUID()}`;
const answer = `quantity must be positive ${randomUUID()}`;

@Controller('broken')
class BrokenController {
  @Get('bug')
  bug(): never {
    throw new Error(bug);
  }

  @Get('answer')
  answer(): never {
    throw new BadRequestException(answer);
  }
}

@Module({ controllers: [BrokenController] })
class BrokenModule {}

const manifest: ServiceManifest = { platform: 'test', name: 'broken', role: 'custom', port: 0, dependsOn: [] };

/** A stand-in Sentry: records every request it receives, body decompressed. */
const received: Array<{ method: string; url: string; body: string }> = [];
const sink = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    received.push({ method: request.method ?? '', url: request.url ?? '', body: body.toString('utf8') });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

let service: RunningService;
let stopErrorReporting: () => Promise<void>;

beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const { port } = sink.address() as AddressInfo;
  stopErrorReporting = startErrorReporting(manifest, {
    SENTRY_DSN: `http://public@127.0.0.1:${port}/1`,
    DEPLOY_ENVIRONMENT: 'test',
  });
  service = await startServiceForTest(manifest, BrokenModule);
});

afterAll(async () => {
  await service?.close();
  await stopErrorReporting?.();
  sink.close();
});

describe('error reporting with SENTRY_DSN set', () => {
  it('sends an unhandled handler error to Sentry as an envelope, and not the 4xx a handler chose', async () => {
    expect((await fetch(`${service.url}/broken/answer`)).status).toBe(400);
    expect((await fetch(`${service.url}/broken/bug`)).status).toBe(500);
    // Closing flushes what the SDK queued.
    await stopErrorReporting();

    const envelopes = received.filter((r) => r.method === 'POST' && r.url.startsWith('/api/1/envelope/'));
    const reported = envelopes.filter((e) => e.body.includes(bug));
    expect(reported).toHaveLength(1);
    // An envelope: a header line, then item header and payload lines; the event names the service.
    const event = reported[0]!.body
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((item) => 'exception' in item) as { exception: { values: Array<{ value: string }> }; tags: object };
    expect(event.exception.values.at(-1)?.value).toBe(bug);
    expect(event.tags).toMatchObject({ service: 'broken' });
    expect(envelopes.some((e) => e.body.includes(answer))).toBe(false);
  });
});
