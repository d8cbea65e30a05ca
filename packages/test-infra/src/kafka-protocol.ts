import net from 'node:net';

const API_VERSIONS = 18;

/**
 * Sends a Kafka ApiVersions (v0) request and resolves true once the broker answers it without
 * an error: the listener is up and serving requests, not merely accepting TCP connections.
 */
export async function kafkaAnswers(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  const clientId = Buffer.from('tradeforge-test-infra');
  // Request header v1: api key, api version, correlation id, client id; ApiVersions v0 has no body.
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  body.writeInt16BE(API_VERSIONS, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(1, 4);
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    let reply = Buffer.alloc(0);
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write(Buffer.concat([size, body])));
    socket.on('data', (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      // Response: size, correlation id, error code, …
      if (reply.length >= 10) finish(reply.readInt32BE(4) === 1 && reply.readInt16BE(8) === 0);
    });
  });
}
