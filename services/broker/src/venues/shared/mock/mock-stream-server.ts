import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface MockStreamServerOptions {
  /** The mock venue's HTTP server: the stream shares its port, as the venues' hosts do. */
  readonly server: http.Server;
  /**
   * Decides an upgrade request: `accept` to open the WebSocket, or an HTTP status to refuse it
   * with (404 for another path, 401 for bad credentials, 429 over a connection limit).
   */
  readonly admit: (request: http.IncomingMessage) => 'accept' | { readonly status: number; readonly reason: string };
  /** Runs for every accepted connection (subscriptions, timers, message handling). */
  readonly onConnection: (socket: WebSocket, request: http.IncomingMessage) => void;
}

/**
 * The WebSocket half of a mock venue: upgrades on the mock's own HTTP server (`ws` in
 * `noServer` mode, so one server can refuse a handshake with a real HTTP status), every open
 * connection tracked, and the fault switches tests need: drop every connection, refuse new ones,
 * send a raw frame to all.
 */
export class MockStreamServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  /** Connections accepted since start. */
  accepted = 0;
  /** Handshakes refused (by `admit`, or while `refuseConnections` is on). */
  refused = 0;
  /** While true, every handshake is answered 503 (the venue's stream is down). */
  refuseConnections = false;
  private readonly onUpgrade: (request: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

  constructor(private readonly options: MockStreamServerOptions) {
    this.onUpgrade = (request, socket, head) => this.upgrade(request, socket, head);
    options.server.on('upgrade', this.onUpgrade);
  }

  /** Connections open now. */
  get clients(): ReadonlySet<WebSocket> {
    return this.wss.clients;
  }

  /** Fault switch: cuts every open connection at the TCP level, without a close frame. */
  dropAll(): void {
    for (const client of this.wss.clients) client.terminate();
  }

  /** Sends `data` as is to every open connection (tests: malformed frames). */
  broadcastRaw(data: string | Buffer): void {
    for (const client of this.wss.clients) client.send(data);
  }

  /** Terminates every connection and stops accepting; the HTTP server is the caller's to close. */
  async close(): Promise<void> {
    this.options.server.off('upgrade', this.onUpgrade);
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const decision = this.refuseConnections
      ? { status: 503, reason: 'stream unavailable' }
      : this.options.admit(request);
    if (decision !== 'accept') {
      this.refused += 1;
      const body = JSON.stringify({ error: decision.reason });
      socket.end(
        `HTTP/1.1 ${decision.status} ${decision.reason}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.accepted += 1;
      this.options.onConnection(ws, request);
    });
  }
}
