import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJava, kafkaAnswers, kafkaVersion, startKafka } from '../src/index.js';
import type { RunningKafka } from '../src/index.js';

describe('startKafka', () => {
  let kafka: RunningKafka;

  // The first run on a machine fetches the jars from Maven Central (about a minute).
  beforeAll(async () => {
    kafka = await startKafka();
  }, 300_000);
  afterAll(async () => kafka?.stop());

  it('runs the pinned Kafka 4 broker and answers Kafka requests on the advertised address', async () => {
    expect(kafka.version).toBe(kafkaVersion());
    expect(kafka.version).toMatch(/^4\./);
    expect(kafka.brokers).toEqual([`127.0.0.1:${kafka.port}`]);
    expect(await kafkaAnswers(kafka.port)).toBe(true);
    expect(fs.readFileSync(kafka.logFile, 'utf8')).toContain('Kafka Server started');
  });

  it('keeps the jars in the cache folder, one folder per Kafka version', () => {
    const libs = path.join(process.env.TRADEFORGE_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'tradeforge'));
    const jars = fs.readdirSync(path.join(libs, `kafka-${kafka.version}`, 'libs'));
    expect(jars).toContain(`kafka_2.13-${kafka.version}.jar`);
    expect(jars.some((jar) => jar.startsWith('log4j-slf4j2-impl-'))).toBe(true);
  });

  it('stops: the broker no longer answers and its data is gone', async () => {
    const second = await startKafka();
    expect(second.port).not.toBe(kafka.port);
    await second.stop();
    expect(await kafkaAnswers(second.port)).toBe(false);
    expect(fs.existsSync(second.logFile)).toBe(false);
  }, 120_000);
});

describe('startKafka without a usable Java', () => {
  it('says which Java it needs and how to install it', async () => {
    await expect(findJava('/nonexistent/bin/java')).rejects.toThrow(
      'Kafka needs Java 17 or newer and "/nonexistent/bin/java" could not be run. Install it with: apt-get install -y openjdk-17-jre-headless',
    );
    await expect(startKafka({ javaPath: '/nonexistent/bin/java' })).rejects.toThrow(/Java 17/);
  });
});
