import net from 'node:net';

/**
 * `count` TCP ports that were free on `host` a moment ago, all different. The servers are held
 * open until every port is picked so the OS cannot hand out the same one twice; a port taken by
 * another process between this and `listen` fails that listen loudly (a test retries).
 */
export async function reservePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
