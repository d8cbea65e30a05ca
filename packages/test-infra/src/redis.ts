import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { removeOnExit, startProcess, waitUntilReady } from './managed-process.js';

export interface StartRedisOptions {
  /** @default `redis-server` from $REDIS_SERVER, $PATH, /usr/bin or /usr/sbin */
  readonly serverPath?: string;
  /** @default 15_000 */
  readonly startTimeoutMs?: number;
}

export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server and deletes its working folder. */
  stop(): Promise<void>;
}

/**
 * A real, throwaway Redis for tests, without Docker: Debian's `redis-server` on a free loopback
 * port, in memory only (no RDB snapshots, no AOF).
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  const serverPath = options.serverPath ?? process.env.REDIS_SERVER ?? findRedisServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-redis-'));
  const cleanup = removeOnExit(dir);
  const removeDir = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    cleanup.forget();
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = startProcess(serverPath, [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
        ...['--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      ]);
      try {
        await waitUntilReady(server, () => ping(port), {
          timeoutMs: options.startTimeoutMs ?? 15_000,
          what: `redis-server on port ${port}`,
        });
      } catch (error) {
        if (attempt < 3 && /Address already in use/.test(server.output())) continue;
        throw error;
      }
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: async () => {
          await server.stop('SIGTERM');
          removeDir();
        },
      };
    }
  } catch (error) {
    removeDir();
    throw error;
  }
}

/** Debian's redis-server, or one clear instruction to install it. */
export function findRedisServer(
  dirs: readonly string[] = [
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    '/usr/bin',
    '/usr/sbin',
  ],
): string {
  for (const dir of dirs) {
    const file = path.join(dir, 'redis-server');
    if (fs.existsSync(file)) return file;
  }
  throw new Error(
    'redis-server was not found on PATH or in /usr/bin. Install it with: apt-get install -y redis-server ' +
      '(or set REDIS_SERVER to its path).',
  );
}

/** Sends a RESP PING; true once the server answers +PONG. */
export async function ping(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}
