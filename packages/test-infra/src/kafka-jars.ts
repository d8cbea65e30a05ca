import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The pom that lists the broker's jars (Maven Central coordinates and versions). */
export const KAFKA_POM = fileURLToPath(new URL('../kafka/pom.xml', import.meta.url));

export interface KafkaJarsOptions {
  /** @default $TRADEFORGE_CACHE_DIR or ~/.cache/tradeforge */
  readonly cacheDir?: string;
  /** Progress lines (download count, where the jars went). @default stderr */
  readonly log?: (line: string) => void;
}

export interface KafkaJars {
  /** Kafka version, from the pom. */
  readonly version: string;
  /** Folder holding every jar: the broker's class path is `<libDir>/*`. */
  readonly libDir: string;
}

/** The Kafka version the pom pins. */
export function kafkaVersion(pom = fs.readFileSync(KAFKA_POM, 'utf8')): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
  if (version === undefined) throw new Error(`${KAFKA_POM} has no <kafka.version> property`);
  return version;
}

export function defaultCacheDir(): string {
  return process.env.TRADEFORGE_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'tradeforge');
}

/**
 * The broker's jars, fetched from Maven Central with `mvn dependency:copy-dependencies` on first
 * use into `<cacheDir>/kafka-<version>/libs`, and reused afterwards (keyed by the pom's content,
 * so a version bump fetches again). Fails with what to install when Maven is missing.
 */
export async function ensureKafkaJars(options: KafkaJarsOptions = {}): Promise<KafkaJars> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[test-infra] ${line}\n`));
  const pom = fs.readFileSync(KAFKA_POM, 'utf8');
  const version = kafkaVersion(pom);
  const pomHash = createHash('sha256').update(pom).digest('hex').slice(0, 16);
  const home = path.join(options.cacheDir ?? defaultCacheDir(), `kafka-${version}`);
  const libDir = path.join(home, 'libs');
  const marker = path.join(home, 'pom.sha256');
  if (fs.existsSync(libDir) && readIfExists(marker) === pomHash) return { version, libDir };

  await requireMaven();
  fs.mkdirSync(home, { recursive: true });
  // Private folders per fetch: two test files starting at once both fetch, and one rename wins.
  const work = fs.mkdtempSync(path.join(home, 'fetch-'));
  try {
    fs.copyFileSync(KAFKA_POM, path.join(work, 'pom.xml'));
    log(`kafka ${version}: fetching the broker's jars from Maven Central into ${libDir} (first use only)…`);
    const started = Date.now();
    await copyDependencies(work, log);
    const jars = fs.readdirSync(path.join(work, 'libs')).filter((f) => f.endsWith('.jar'));
    // Another test process finished the same fetch first and may be running from it: keep its copy.
    if (fs.existsSync(libDir) && readIfExists(marker) === pomHash) return { version, libDir };
    fs.rmSync(libDir, { recursive: true, force: true });
    try {
      fs.renameSync(path.join(work, 'libs'), libDir);
    } catch (error) {
      if (!fs.existsSync(libDir)) throw error;
    }
    fs.writeFileSync(marker, pomHash);
    log(`kafka ${version}: ${jars.length} jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { version, libDir };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function copyDependencies(work: string, log: (line: string) => void): Promise<void> {
  const args = [
    '-B',
    `-Dmaven.repo.local=${path.join(work, 'repository')}`,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${path.join(work, 'libs')}`,
  ];
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn('mvn', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let downloads = 0;
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        // Maven plugins and the broker's jars: a line per file, summarised every 50.
        if (/Downloaded from /.test(line) && ++downloads % 50 === 0) log(`kafka: ${downloads} files downloaded…`);
        if (/BUILD FAILURE|\[ERROR\]/.test(line)) log(`mvn: ${line}`);
      }
    };
    mvn.stdout.on('data', onData);
    mvn.stderr.on('data', onData);
    mvn.once('error', (error) => reject(new Error(`could not run mvn: ${error.message}`)));
    mvn.once('exit', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `mvn dependency:copy-dependencies failed (exit ${code}) fetching Kafka's jars. Is Maven Central ` +
              `(https://repo.maven.apache.org) reachable? Its last lines:\n${tail.join('\n')}`,
          ),
        );
    });
  });
}

async function requireMaven(): Promise<void> {
  try {
    await run('mvn', ['-v']);
  } catch {
    throw new Error(
      "Maven (mvn) is needed once, to fetch Kafka's jars from Maven Central, and was not found. " +
        'Install it with: apt-get install -y maven',
    );
  }
}

/** The `java` to run the broker with: $JAVA_HOME/bin/java or the one on PATH, checked to be 17+. */
export async function findJava(javaPath?: string): Promise<string> {
  const java = javaPath ?? (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
  let banner: string;
  try {
    // `java -version` writes to stderr.
    banner = (await run(java, ['-version'])).stderr;
  } catch {
    throw new Error(
      `Kafka needs Java 17 or newer and "${java}" could not be run. ` +
        'Install it with: apt-get install -y openjdk-17-jre-headless  (or set JAVA_HOME).',
    );
  }
  const major = Number(/version "(?:1\.)?(\d+)/.exec(banner)?.[1] ?? 0);
  if (major < 17) {
    throw new Error(
      `Kafka 4 needs Java 17 or newer; "${java}" is ${banner.split('\n')[0]}. ` +
        'Install openjdk-17-jre-headless and set JAVA_HOME to it.',
    );
  }
  return java;
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}
