import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { removeOnExit, startProcess, waitUntilReady } from './managed-process.js';

const run = promisify(execFile);

export interface StartPostgresOptions {
  /** Database created at start and named in `url`. @default 'tradeforge' */
  readonly database?: string;
  /**
   * Folder holding `initdb`, `postgres`, `pg_isready` and `createdb`.
   * @default the newest /usr/lib/postgresql/<version>/bin, or $POSTGRES_BIN_DIR
   */
  readonly binDir?: string;
  /**
   * Unprivileged OS user that owns the cluster when the tests run as root (initdb refuses root).
   * @default 'postgres' (created by Debian's postgresql package)
   */
  readonly osUser?: string;
  /** @default 30_000 */
  readonly startTimeoutMs?: number;
}

export interface RunningPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/<database>`, trust authentication on loopback only. */
  readonly url: string;
  readonly port: number;
  /** Creates another empty database on the same server and returns its URL (one per test suite). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A real, throwaway PostgreSQL server for tests, without Docker: Debian's binaries, a cluster
 * in a temporary folder, listening on a free loopback port, tuned for speed over durability.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const database = options.database ?? 'tradeforge';
  checkDatabaseName(database);
  const binDir = options.binDir ?? process.env.POSTGRES_BIN_DIR ?? findPostgresBinDir();
  const owner = clusterOwner(options.osUser ?? 'postgres');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-pg-'));
  const dataDir = path.join(root, 'data');
  const cleanup = removeOnExit(root);
  const removeRoot = () => {
    fs.rmSync(root, { recursive: true, force: true });
    cleanup.forget();
  };
  try {
    if (owner) fs.chownSync(root, owner.uid, owner.gid);
    const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
    await run(
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
      { ...asOwner, env: { ...process.env, LC_ALL: 'C' } },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`initdb failed in ${dataDir}: ${error.stderr?.trim() || error.message}`);
    });
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    return await startServer({ binDir, root, dataDir, database, asOwner, timeoutMs, removeRoot });
  } catch (error) {
    removeRoot();
    throw error;
  }
}

async function startServer(o: {
  binDir: string;
  root: string;
  dataDir: string;
  database: string;
  asOwner: { uid?: number; gid?: number };
  timeoutMs: number;
  removeRoot: () => void;
}): Promise<RunningPostgres> {
  // A port picked by the OS can be taken before postgres binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = startProcess(
      path.join(o.binDir, 'postgres'),
      [
        ...['-D', o.dataDir, '-p', String(port), '-k', o.root],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
        ...['-c', 'full_page_writes=off', '-c', 'max_connections=100'],
      ],
      o.asOwner,
    );
    const isReady = async () =>
      run(path.join(o.binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']).then(
        () => true,
        () => false,
      );
    try {
      await waitUntilReady(server, isReady, { timeoutMs: o.timeoutMs, what: `postgres on port ${port}` });
    } catch (error) {
      if (attempt < 3 && /could not bind|Address already in use/.test(server.output())) continue;
      throw error;
    }
    const createDatabase = async (name: string) => {
      checkDatabaseName(name);
      await run(path.join(o.binDir, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    };
    const url = await createDatabase(o.database);
    return {
      url,
      port,
      createDatabase,
      stop: async () => {
        // SIGINT is postgres' "fast" shutdown: roll back open sessions, then exit.
        await server.stop('SIGINT');
        o.removeRoot();
      },
    };
  }
}

/** The newest installed Debian PostgreSQL, or one clear instruction to install it. */
export function findPostgresBinDir(base = '/usr/lib/postgresql'): string {
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      `PostgreSQL server binaries (initdb, postgres) were not found under ${base}/<version>/bin. ` +
        'Install them with: apt-get install -y postgresql  (or set POSTGRES_BIN_DIR to their folder).',
    );
  }
  return path.join(base, newest, 'bin');
}

/** initdb refuses to run as root: then the cluster belongs to an unprivileged user. */
function clusterOwner(user: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const entry = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === user);
  if (!entry) {
    throw new Error(
      `Tests run as root and PostgreSQL refuses to: no unprivileged user "${user}" to run it as. ` +
        'apt-get install -y postgresql creates one, or pass osUser.',
    );
  }
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

function checkDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`invalid database name ${JSON.stringify(name)}: use lower-case letters, digits and _`);
  }
}
