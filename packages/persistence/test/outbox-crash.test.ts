import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TradingRepository } from '../src/index.js';
import { newOrder, orderEvent, useDatabase } from './support/databases.js';

const run = promisify(execFile);
const RELAY_PROCESS = fileURLToPath(new URL('./support/relay-process.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs the relay in a child process; resolves with how it ended. */
async function relayProcess(url: string, log: string, dieAfter: number): Promise<string> {
  return run(process.execPath, ['--import', 'tsx', RELAY_PROCESS, url, log, String(dieAfter)], { cwd: REPO_ROOT }).then(
    () => 'exited',
    (error: { signal?: string; stderr?: string }) =>
      error.signal === 'SIGKILL' ? 'killed' : `failed: ${error.stderr}`,
  );
}

describe('outbox across a real process crash (PostgreSQL)', () => {
  const database = useDatabase('postgres');

  it('a relay process killed between publish and mark loses nothing; the next one resumes', async () => {
    const repo = new TradingRepository(database.db);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const order = newOrder();
      ids.push(`crash-${order.clientOrderId}`);
      await repo.orders.create({
        order,
        event: orderEvent(order.clientOrderId, 'order.initialized', 1),
        messages: [{ topic: 'orders.events', key: order.clientOrderId, message: { i }, messageId: ids[i] }],
      });
    }
    const options = database.openedWith;
    if (options.kind !== 'postgres') throw new Error('this test needs PostgreSQL');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-crash-'));
    const log = path.join(dir, 'published.log');
    try {
      expect(await relayProcess(options.url, log, 3)).toBe('killed');
      // The relay marks a batch once it is published: the killed one marked none of the three.
      expect(await repo.outbox.counts()).toMatchObject({ pending: 6 });
      expect(await relayProcess(options.url, log, 0)).toBe('exited');

      const published = fs.readFileSync(log, 'utf8').trim().split('\n');
      expect(published).toHaveLength(9);
      for (const id of ids.slice(0, 3)) expect(published.filter((p) => p === id)).toHaveLength(2);
      expect([...new Set(published)]).toEqual(ids);
      expect(await repo.outbox.counts()).toMatchObject({ pending: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
