import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a mock venue sees it: the raw query and body strings (signatures cover them). */
export interface MockRequest {
  readonly method: string;
  readonly path: string;
  /** Raw query string without the `?`, exactly as sent. */
  readonly rawQuery: string;
  readonly rawBody: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly arrivedAt: number;
}

/** How the mock answers: JSON with a status, or a dropped connection. */
export type MockResponse =
  | { readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly drop: true };

export interface MockHttpServer {
  readonly url: string;
  /** The node:http server, for a mock venue's WebSocket stream on the same port (ws's `server` option). */
  readonly server: http.Server;
  close(): Promise<void>;
}

/** A node:http server on an ephemeral port that hands each request, body read, to `handle`. */
export async function startMockHttpServer(
  handle: (request: MockRequest) => Promise<MockResponse>,
  port = 0,
): Promise<MockHttpServer> {
  const server = http.createServer((req, res) => {
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const [path = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
      const request: MockRequest = {
        method: req.method ?? 'GET',
        path,
        rawQuery,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
        arrivedAt,
      };
      handle(request).then(
        (response) => send(res, response),
        (error: unknown) => send(res, { status: 500, body: { error: String(error) } }),
      );
    });
  });
  // Keep-alive sockets would otherwise hold close() open until they time out.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, response: MockResponse): void {
  if (res.destroyed) return;
  if ('drop' in response) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
  res.end(JSON.stringify(response.body));
}
