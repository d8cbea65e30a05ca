import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinDir, findRedisServer, ping, startPostgres, startRedis } from '../src/index.js';
import type { RunningPostgres, RunningRedis } from '../src/index.js';

const run = promisify(execFile);

describe('startPostgres', () => {
  let server: RunningPostgres;
  beforeAll(async () => {
    server = await startPostgres({ database: 'infra_check' });
  });
  afterAll(async () => server?.stop());

  const psql = (url: string, sql: string) =>
    run(path.join(findPostgresBinDir(), 'psql'), [url, '-At', '-c', sql]).then((r) => r.stdout.trim());

  it('serves the named database on a loopback port', async () => {
    expect(server.url).toBe(`postgresql://postgres@127.0.0.1:${server.port}/infra_check`);
    expect(await psql(server.url, 'SELECT current_database()')).toBe('infra_check');
    expect(Number(await psql(server.url, 'SHOW server_version_num'))).toBeGreaterThanOrEqual(130000);
  });

  it('creates further databases, each empty and separate', async () => {
    const other = await server.createDatabase('infra_other');
    await psql(other, 'CREATE TABLE marker (id int)');
    expect(await psql(other, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'")).toBe('1');
    expect(await psql(server.url, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'")).toBe('0');
  });

  it('refuses a database name that is not a plain identifier', async () => {
    await expect(server.createDatabase('x; DROP DATABASE postgres')).rejects.toThrow(/invalid database name/);
  });
});

describe('startRedis', () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis?.stop());

  it('answers PING and keeps a value it was given', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await ping(redis.port)).toBe(true);
    expect(await resp(redis.port, ['SET', 'order:1', 'FILLED'])).toBe('+OK');
    expect(await resp(redis.port, ['GET', 'order:1'])).toBe('$6\r\nFILLED');
  });

  it('runs without persistence (no RDB snapshots, no AOF)', async () => {
    expect(await resp(redis.port, ['CONFIG', 'GET', 'appendonly'])).toContain('no');
    expect(await resp(redis.port, ['CONFIG', 'GET', 'save'])).toMatch(/\$4\r\nsave\r\n\$0/);
  });

  it('is gone after stop', async () => {
    const second = await startRedis();
    await second.stop();
    expect(await ping(second.port)).toBe(false);
  });
});

describe('missing binaries', () => {
  it('say which Debian package to install', () => {
    expect(() => findPostgresBinDir('/nonexistent/postgresql')).toThrow(/apt-get install -y postgresql/);
    expect(() => findRedisServer(['/nonexistent'])).toThrow(/apt-get install -y redis-server/);
  });
});

/** One RESP command, the reply without its final CRLF. */
async function resp(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    socket.on('error', reject);
    socket.on('connect', () =>
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`),
    );
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      // Enough for these tests' replies: wait a moment for multi-part answers, then close.
      setTimeout(() => {
        socket.destroy();
        resolve(reply.replace(/\r\n$/, ''));
      }, 50);
    });
  });
}
