/* global location */
/**
 * The gateway's live stream (/api/stream?token=…; browsers cannot set headers on a WebSocket).
 * Reconnects with a growing delay, capped at 10 s, until closed; reports its state so the page
 * can show it.
 *
 * @param {string} token
 * @param {{ onMessage: (message: { type: string, data: any }) => void,
 *           onStatus: (state: 'connecting' | 'open' | 'closed', attempt: number) => void }} handlers
 * @returns {{ close: () => void }}
 */
export function connectStream(token, { onMessage, onStatus }) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/api/stream?token=${encodeURIComponent(token)}`;
  let socket;
  let attempt = 0;
  let timer;
  let stopped = false;

  function open() {
    onStatus('connecting', attempt);
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      attempt = 0;
      onStatus('open', 0);
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return; // not ours: the contract sends JSON text frames only
      }
      if (message && typeof message.type === 'string') onMessage(message);
    });
    socket.addEventListener('close', () => {
      if (stopped) return;
      attempt += 1;
      onStatus('closed', attempt);
      timer = setTimeout(open, Math.min(10_000, 500 * 2 ** (attempt - 1)));
    });
  }

  open();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
