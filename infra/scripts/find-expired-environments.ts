// Lists the ephemeral environments whose `ttl` tag has passed, from AWS's tag data, one name a
// line on stdout, for the janitor workflow to destroy:
//   tsx infra/scripts/find-expired-environments.ts --platform tradeforge --template pr [--summary file.md]
//   [--resources tags.json] [--now 2026-01-01T00:00:00Z]
// Without --resources it asks the Resource Groups Tagging API of the current AWS region (AWS CLI
// and credentials needed) for every resource tagged `environment-kind=ephemeral` and
// `platform=<platform>`. An environment is expired when the latest `ttl` among its resources is in
// the past (each deploy moves every resource's `ttl` forward). Resources with no valid `ttl`
// are reported, never destroyed: something outside the stacks tagged them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';

/** One entry of `aws resourcegroupstaggingapi get-resources` output. */
export interface TaggedResource {
  readonly ResourceARN: string;
  readonly Tags: readonly { readonly Key: string; readonly Value: string }[];
}

export interface EphemeralEnvironment {
  readonly name: string;
  /** Latest `ttl` among the environment's resources; undefined when none has a valid one. */
  readonly expiresAt: Date | undefined;
  readonly resourceCount: number;
  readonly expired: boolean;
}

/** Groups tagged resources by environment and decides which environments have expired. */
export function findEphemeralEnvironments(
  resources: readonly TaggedResource[],
  options: { readonly platform: string; readonly template: string; readonly now: Date },
): EphemeralEnvironment[] {
  const namePattern = new RegExp(`^${escapeRegExp(options.template)}-\\d+$`);
  const byName = new Map<string, { expiresAt: Date | undefined; resourceCount: number }>();
  for (const resource of resources) {
    const tags = new Map(resource.Tags.map((t) => [t.Key, t.Value]));
    const name = tags.get('environment');
    if (tags.get('platform') !== options.platform || tags.get('environment-kind') !== 'ephemeral') continue;
    if (name === undefined || !namePattern.test(name)) continue;
    const entry = byName.get(name) ?? { expiresAt: undefined, resourceCount: 0 };
    entry.resourceCount += 1;
    const ttl = parseTtl(tags.get('ttl'));
    if (ttl !== undefined && (entry.expiresAt === undefined || ttl > entry.expiresAt)) entry.expiresAt = ttl;
    byName.set(name, entry);
  }
  return [...byName]
    .map(([name, { expiresAt, resourceCount }]) => ({
      name,
      expiresAt,
      resourceCount,
      expired: expiresAt !== undefined && expiresAt.getTime() < options.now.getTime(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** A Markdown report for the workflow run's summary page. */
export function renderSummary(environments: readonly EphemeralEnvironment[], now: Date): string {
  const lines = [`### Ephemeral environments at ${now.toISOString()}`, ''];
  if (environments.length === 0) return [...lines, 'None found.', ''].join('\n');
  lines.push('| environment | ttl | resources | verdict |', '| --- | --- | --: | --- |');
  for (const e of environments) {
    const verdict = e.expiresAt === undefined ? 'no ttl tag: left alone' : e.expired ? 'expired: destroy' : 'alive';
    lines.push(`| ${e.name} | ${e.expiresAt?.toISOString() ?? '—'} | ${e.resourceCount} | ${verdict} |`);
  }
  return [...lines, ''].join('\n');
}

function parseTtl(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function readTaggedResources(file: string | undefined, platform: string): TaggedResource[] {
  const json =
    file === undefined
      ? execFileSync(
          'aws',
          [
            'resourcegroupstaggingapi',
            'get-resources',
            '--tag-filters',
            'Key=environment-kind,Values=ephemeral',
            `Key=platform,Values=${platform}`,
            '--output',
            'json',
          ],
          { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
        )
      : fs.readFileSync(file, 'utf8');
  return (JSON.parse(json) as { ResourceTagMappingList?: TaggedResource[] }).ResourceTagMappingList ?? [];
}

function main(): void {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string' },
      template: { type: 'string', default: 'pr' },
      resources: { type: 'string' },
      now: { type: 'string' },
      summary: { type: 'string' },
    },
  });
  if (values.platform === undefined) {
    process.stderr.write(
      'Usage: find-expired-environments.ts --platform <name> [--template pr] [--resources tags.json]\n',
    );
    process.exit(2);
  }
  const now = values.now === undefined ? new Date() : new Date(values.now);
  const environments = findEphemeralEnvironments(readTaggedResources(values.resources, values.platform), {
    platform: values.platform,
    template: values.template,
    now,
  });
  const summary = renderSummary(environments, now);
  if (values.summary) fs.appendFileSync(values.summary, summary);
  process.stderr.write(summary);
  for (const e of environments) if (e.expired) process.stdout.write(`${e.name}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
