import net from 'node:net';
import { docker, run } from './docker-cli.js';
import { PLATFORM_IMAGES } from './generated/images.js';
import type { ImageId } from './generated/images.js';

/**
 * Starts an image the way the platform and Testcontainers do and checks its service answers a
 * real request, from the container and from this host through a published port. Resolves with a
 * one-line summary; throws with the container's last log lines when a check fails.
 */
export function verifyImage(id: ImageId, image: string): Promise<string> {
  return { postgres: verifyPostgres, redis: verifyRedis, kafka: verifyKafka, node: verifyNode }[id](image);
}

async function verifyPostgres(image: string): Promise<string> {
  const env = { POSTGRES_USER: 'verifier', POSTGRES_PASSWORD: 'verify-secret', POSTGRES_DB: 'orders' };
  return withContainer('postgres', image, [...envArgs(env), '-p', '127.0.0.1::5432'], async (name) => {
    const healthy = await waitHealthy(name);
    // Through the container's network address: loopback is trusted (initdb's default, as in the
    // official image), every other client must give the password.
    const address = await docker([
      'inspect',
      '--format',
      '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}',
      name,
    ]);
    const host = address.split(' ')[0]!;
    const psql = (password: string) =>
      run('docker', [
        ...['exec', '-e', `PGPASSWORD=${password}`, name],
        ...['psql', '-h', host, '-U', env.POSTGRES_USER, '-d', env.POSTGRES_DB, '-tAc'],
        "select current_user || ' ' || current_database() || ' ' || current_setting('server_version')",
      ]);
    const answer = await psql(env.POSTGRES_PASSWORD);
    const [user, database, version] = answer.stdout.trim().split(' ');
    if (answer.code !== 0 || user !== env.POSTGRES_USER || database !== env.POSTGRES_DB) {
      throw new Error(`psql as ${env.POSTGRES_USER} on ${env.POSTGRES_DB} over TCP failed: ${answer.stderr.trim()}`);
    }
    expectMajor('PostgreSQL', version, PLATFORM_IMAGES.postgres.version);
    const refused = await psql('not-the-password');
    if (refused.code === 0 || !/password authentication failed/.test(refused.stderr)) {
      throw new Error(`a wrong password was not refused: ${refused.stdout}${refused.stderr}`);
    }
    // From the host: PostgreSQL answers an SSLRequest with one byte, 'N' (no TLS) or 'S'.
    const port = await publishedPort(name, 5432);
    const reply = await exchange(port, Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]), 1);
    if (!['N', 'S'].includes(reply.toString('latin1', 0, 1)))
      throw new Error(`port ${port} did not answer like PostgreSQL`);
    return `PostgreSQL ${version} healthy after ${healthy} s; password login over the network works, a wrong one is refused; answers on 127.0.0.1:${port}`;
  });
}

async function verifyRedis(image: string): Promise<string> {
  return withContainer('redis', image, ['-p', '127.0.0.1::6379'], async (name) => {
    const healthy = await waitHealthy(name);
    const version = /v=(\S+)/.exec(await docker(['exec', name, 'redis-server', '--version']))?.[1];
    expectMajor('Redis', version, PLATFORM_IMAGES.redis.version);
    const port = await publishedPort(name, 6379);
    const reply = (await exchange(port, Buffer.from('SET verify ok\r\nGET verify\r\n'), 13)).toString('latin1');
    if (reply !== '+OK\r\n$2\r\nok\r\n')
      throw new Error(`SET/GET on 127.0.0.1:${port} answered ${JSON.stringify(reply)}`);
    return `Redis ${version} healthy after ${healthy} s; SET/GET from the host on 127.0.0.1:${port}`;
  });
}

async function verifyKafka(image: string): Promise<string> {
  // Clients are told to come back to the advertised listener: the host port, known in advance.
  const port = await freePort();
  const env = { KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}` };
  return withContainer('kafka', image, [...envArgs(env), '-p', `127.0.0.1:${port}:9092`], async (name) => {
    const healthy = await waitHealthy(name, 120_000);
    const { Kafka, logLevel } = (await import('kafkajs')).default;
    const kafka = new Kafka({ clientId: 'images-verify', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: 'images-verify' });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      const advertised = cluster.brokers.map((b) => `${b.host}:${b.port}`).join(',');
      if (advertised !== `127.0.0.1:${port}`)
        throw new Error(`the broker advertises ${advertised}, not 127.0.0.1:${port}`);
      await admin.createTopics({ topics: [{ topic: 'images-verify', numPartitions: 1 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic: 'images-verify', messages: [{ key: 'k', value: 'hello' }] });
      await consumer.connect();
      await consumer.subscribe({ topics: ['images-verify'], fromBeginning: true });
      const received = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message came back within 30 s')), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message.value?.toString() ?? '');
          },
        });
      });
      if (received !== 'hello') throw new Error(`consumed ${JSON.stringify(received)} instead of "hello"`);
      return `Kafka healthy after ${healthy} s; advertises ${advertised}; a message produced and consumed from the host (kafkajs)`;
    } finally {
      await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
    }
  });
}

async function verifyNode(image: string): Promise<string> {
  const inImage = (...args: string[]) => docker(['run', '--rm', '--user', '1000:1000', image, ...args]);
  const version = await inImage('node', '-e', 'console.log(process.version)');
  if (version !== `v${PLATFORM_IMAGES.node.version}`)
    throw new Error(`node is ${version}, not v${PLATFORM_IMAGES.node.version}`);
  const npm = await inImage('npm', '--version');
  const user = await inImage('sh', '-c', 'echo "$(id -un) $(id -u) $HOME"');
  if (!user.startsWith('node 1000')) throw new Error(`uid 1000 is "${user}", not the node user`);
  return `node ${version}, npm ${npm}, user node (uid 1000)`;
}

/** Runs the image detached, hands its name to `check`, and always removes it (and its volumes). */
async function withContainer(
  id: ImageId,
  image: string,
  runArgs: readonly string[],
  check: (name: string) => Promise<string>,
): Promise<string> {
  const name = `tradeforge-verify-${id}-${process.pid}`;
  await docker(['run', '-d', '--name', name, ...runArgs, image]);
  try {
    return await check(name);
  } catch (error) {
    const logs = await run('docker', ['logs', '--tail', '30', name]);
    throw new Error(
      `${image} failed its check: ${(error as Error).message}\nLast container log lines:\n${logs.stdout}${logs.stderr}`,
      {
        cause: error,
      },
    );
  } finally {
    await run('docker', ['rm', '-f', '-v', name]);
  }
}

/** Polls the image's HEALTHCHECK; resolves with the seconds it took to report healthy. */
async function waitHealthy(name: string, timeoutMs = 90_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const state = await docker([
      'inspect',
      '--format',
      '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}',
      name,
    ]);
    const [status, health] = state.split(' ');
    if (health === 'healthy') return ((Date.now() - started) / 1000).toFixed(1);
    if (status !== 'running') throw new Error(`the container stopped (${status}) before it became healthy`);
    if (Date.now() - started > timeoutMs)
      throw new Error(`not healthy within ${timeoutMs / 1000} s (health: ${health})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function publishedPort(name: string, containerPort: number): Promise<number> {
  const mapping = await docker(['port', name, `${containerPort}/tcp`]);
  const port = Number(/:(\d+)\s*$/m.exec(mapping)?.[1]);
  if (!Number.isInteger(port)) throw new Error(`port ${containerPort} is not published (${mapping})`);
  return port;
}

/** Sends `request` to 127.0.0.1:`port` and resolves with the first `length` bytes of the reply. */
function exchange(port: number, request: Buffer, length: number, timeoutMs = 5_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`127.0.0.1:${port} did not answer within ${timeoutMs / 1000} s`));
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length >= length) {
        socket.destroy();
        resolve(reply.subarray(0, length));
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function expectMajor(what: string, version: string | undefined, major: string): void {
  if (version?.split('.')[0] !== major) throw new Error(`${what} is ${version ?? 'unknown'}, not ${major}.x`);
}

function envArgs(env: Record<string, string>): string[] {
  return Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
}
