import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { ensureKafkaJars, findJava } from './kafka-jars.js';
import type { KafkaJarsOptions } from './kafka-jars.js';
import { kafkaAnswers } from './kafka-protocol.js';
import { startProcess, waitUntilReady } from './managed-process.js';

const run = promisify(execFile);

export interface StartKafkaOptions extends KafkaJarsOptions {
  /** Client port of the broker. @default a free port */
  readonly port?: number;
  /** Host clients are told to connect to (the advertised listener). @default '127.0.0.1' */
  readonly advertisedHost?: string;
  /** @default $JAVA_HOME/bin/java, or java on PATH (17 or newer) */
  readonly javaPath?: string;
  /** Maximum broker heap. @default 512 */
  readonly heapMiB?: number;
  /** @default 90_000 */
  readonly startTimeoutMs?: number;
}

export interface RunningKafka {
  /** Bootstrap servers for a client, e.g. `['127.0.0.1:40123']` (also the value of KAFKA_BROKERS). */
  readonly brokers: string[];
  readonly port: number;
  readonly version: string;
  /** The broker's log (log4j2), kept until `stop()` for "why did this fail" questions. */
  readonly logFile: string;
  /** Kills the broker and deletes its data. */
  stop(): Promise<void>;
}

/**
 * A real, throwaway single-node Kafka (KRaft, broker and controller in one JVM) for tests,
 * without Docker or a download site: the jars come from Maven Central (cached after the first
 * use, see `ensureKafkaJars`), the log directory is formatted in a temporary folder with
 * `kafka.tools.StorageTool format --standalone`, and `kafka.Kafka` runs on Java 17+. Resolves
 * once the broker answers a Kafka request; fails with what to install or the broker's last log
 * lines when it cannot start.
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<RunningKafka> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[test-infra] ${line}\n`));
  const java = await findJava(options.javaPath);
  const { version, libDir } = await ensureKafkaJars({ ...options, log });
  const classPath = path.join(libDir, '*');
  const host = options.advertisedHost ?? '127.0.0.1';
  const heap = `-Xmx${options.heapMiB ?? 512}m`;

  for (let attempt = 1; ; attempt++) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-kafka-'));
    const removeRoot = () => fs.rmSync(root, { recursive: true, force: true });
    try {
      const port = options.port ?? (await freePort());
      let controllerPort = await freePort();
      while (controllerPort === port) controllerPort = await freePort();
      const files = writeConfig(root, { port, controllerPort, host });
      // Short-lived JVM: skip the optimising compiler, it would only cost start-up time.
      await run(
        java,
        [
          ...['-cp', classPath, heap, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'],
          `-Dlog4j2.configurationFile=${files.log4j}`,
          ...['kafka.tools.StorageTool', 'format', '--standalone', '-t', clusterId(), '-c', files.server],
        ],
        { timeout: 60_000 },
      ).catch((error: { stderr?: string; stdout?: string; message: string }) => {
        throw new Error(`kafka-storage format failed: ${(error.stderr || error.stdout || error.message).trim()}`);
      });
      const broker = startProcess(java, [
        ...['-cp', classPath, '-Xms128m', heap, '-XX:+UseSerialGC', '-Djava.awt.headless=true'],
        `-Dlog4j2.configurationFile=${files.log4j}`,
        ...['kafka.Kafka', files.server],
      ]);
      try {
        await waitUntilReady(broker, () => kafkaAnswers(port), {
          timeoutMs: options.startTimeoutMs ?? 90_000,
          what: `Kafka ${version} on port ${port}`,
        });
      } catch (error) {
        const brokerLog = tailOf(files.logFile);
        removeRoot();
        if (attempt < 3 && options.port === undefined && /Address already in use/.test(brokerLog)) continue;
        throw new Error(`${(error as Error).message}\nBroker log (${files.logFile}):\n${brokerLog}`, { cause: error });
      }
      return {
        brokers: [`${host}:${port}`],
        port,
        version,
        logFile: files.logFile,
        stop: async () => {
          // Throwaway data: no controlled shutdown needed, and SIGKILL is instant.
          await broker.stop('SIGKILL');
          removeRoot();
        },
      };
    } catch (error) {
      removeRoot();
      throw error;
    }
  }
}

function writeConfig(
  root: string,
  o: { port: number; controllerPort: number; host: string },
): { server: string; log4j: string; logFile: string } {
  const server = path.join(root, 'server.properties');
  const log4j = path.join(root, 'log4j2.properties');
  const logFile = path.join(root, 'server.log');
  fs.writeFileSync(
    server,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${o.controllerPort}`,
      // Loopback only, unless clients are told to come from elsewhere (a container, another host).
      `listeners=PLAINTEXT://${isLoopback(o.host) ? '127.0.0.1' : '0.0.0.0'}:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
      `advertised.listeners=PLAINTEXT://${o.host}:${o.port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${path.join(root, 'data')}`,
      // One node: every internal topic has one replica.
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'default.replication.factor=1',
      'min.insync.replicas=1',
      // Tests create their topics (as the platform does at start); a typo must not create one.
      'auto.create.topics.enable=false',
      // Join a consumer group at once instead of waiting for more members.
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    log4j,
    [
      'appender.file.type = File',
      'appender.file.name = File',
      `appender.file.fileName = ${logFile}`,
      'appender.file.layout.type = PatternLayout',
      'appender.file.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = INFO',
      'rootLogger.appenderRef.file.ref = File',
      // The controller logs every metadata change at INFO; keep the log readable.
      'logger.kafka.name = kafka',
      'logger.kafka.level = INFO',
      'logger.raft.name = org.apache.kafka.raft',
      'logger.raft.level = WARN',
      '',
    ].join('\n'),
  );
  return { server, log4j, logFile };
}

/** A KRaft cluster id: 16 random bytes, base64url without padding (what `StorageTool random-uuid` prints). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka never hands out ids starting with "-" (they read like command-line flags).
    if (!id.startsWith('-')) return id;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function tailOf(file: string, lines = 30): string {
  if (!fs.existsSync(file)) return '(no log written)';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
