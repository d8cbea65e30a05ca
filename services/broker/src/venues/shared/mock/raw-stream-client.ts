import { WebSocket } from 'ws';

/** A bare WebSocket client for tests of a mock venue's stream rules: every frame as text, and how it closed. */
export interface RawStreamClient {
  readonly frames: string[];
  /** Resolves with the close code and reason once the connection has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  send(text: string): void;
  close(): void;
}

/**
 * Opens `url` with `ws` (not the adapters' client), so a test can speak to a mock venue the way
 * a careless client would; `answerPings: false` turns off the automatic pong.
 */
export async function openRawStreamClient(
  url: string,
  { answerPings = true }: { answerPings?: boolean } = {},
): Promise<RawStreamClient> {
  const socket = new WebSocket(url, { autoPong: answerPings });
  const frames: string[] = [];
  socket.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { frames, closed, send: (text) => socket.send(text), close: () => socket.close() };
}

/** How many timers the process holds now (`Timeout` resources), to prove a stream left none behind. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}
