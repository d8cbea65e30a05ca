import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaggedResource } from '../scripts/find-expired-environments.js';
import { findEphemeralEnvironments, renderSummary } from '../scripts/find-expired-environments.js';

function resource(arn: string, tags: Record<string, string>): TaggedResource {
  return { ResourceARN: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
}

const ephemeral = (environment: string, ttl?: string) =>
  ({ platform: 'acme', environment, 'environment-kind': 'ephemeral', ...(ttl ? { ttl } : {}) }) as Record<
    string,
    string
  >;

const NOW = new Date('2026-03-10T12:00:00Z');

const RESOURCES: TaggedResource[] = [
  // pr-7: every resource past its ttl.
  resource('arn:aws:ecs:eu-west-1:1:cluster/acme-pr-7', ephemeral('pr-7', '2026-03-09T12:00:00Z')),
  resource('arn:aws:rds:eu-west-1:1:db:acme-pr-7', ephemeral('pr-7', '2026-03-09T12:00:00Z')),
  // pr-12: one resource was refreshed by a later deploy, so the environment is alive.
  resource('arn:aws:ecs:eu-west-1:1:cluster/acme-pr-12', ephemeral('pr-12', '2026-03-08T00:00:00Z')),
  resource('arn:aws:rds:eu-west-1:1:db:acme-pr-12', ephemeral('pr-12', '2026-03-12T00:00:00Z')),
  // pr-30: no ttl tag at all: reported, never destroyed.
  resource('arn:aws:s3:::acme-pr-30-logs', ephemeral('pr-30')),
  // Not ours or not ephemeral: ignored.
  resource('arn:aws:ecs:eu-west-1:1:cluster/other-pr-1', {
    ...ephemeral('pr-1', '2020-01-01T00:00:00Z'),
    platform: 'other',
  }),
  resource('arn:aws:ecs:eu-west-1:1:cluster/acme-staging', {
    platform: 'acme',
    environment: 'staging',
    'environment-kind': 'staging',
  }),
  // A name that is not `<template>-<number>`: never touched.
  resource('arn:aws:ecs:eu-west-1:1:cluster/acme-prod', ephemeral('prod', '2020-01-01T00:00:00Z')),
];

describe('finding expired ephemeral environments by their ttl tag', () => {
  const found = findEphemeralEnvironments(RESOURCES, { platform: 'acme', template: 'pr', now: NOW });

  it('groups resources by environment and keeps only this platform’s per-PR stacks', () => {
    expect(found.map((e) => [e.name, e.resourceCount])).toEqual([
      ['pr-7', 2],
      ['pr-12', 2],
      ['pr-30', 1],
    ]);
  });

  it('marks an environment expired only when its latest ttl is in the past', () => {
    expect(found.filter((e) => e.expired).map((e) => e.name)).toEqual(['pr-7']);
    expect(found.find((e) => e.name === 'pr-12')?.expiresAt?.toISOString()).toBe('2026-03-12T00:00:00.000Z');
  });

  it('leaves an environment without a valid ttl alone and says so', () => {
    expect(found.find((e) => e.name === 'pr-30')).toMatchObject({ expired: false, expiresAt: undefined });
    expect(renderSummary(found, NOW)).toContain('| pr-30 | — | 1 | no ttl tag: left alone |');
  });

  it('prints the expired names, one a line, from a saved get-resources answer', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-'));
    const file = path.join(dir, 'tags.json');
    fs.writeFileSync(file, JSON.stringify({ ResourceTagMappingList: RESOURCES }));
    const script = path.resolve(import.meta.dirname, '../scripts/find-expired-environments.ts');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', script, '--platform', 'acme', '--resources', file, '--now', NOW.toISOString()],
      { encoding: 'utf8' },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('pr-7\n');
    expect(result.stderr).toContain('| pr-7 | 2026-03-09T12:00:00.000Z | 2 | expired: destroy |');
  });
});
