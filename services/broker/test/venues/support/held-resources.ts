/** Timers and TCP sockets this process holds open (what a closed stream must leave behind it). */
export function heldResources(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
}

/**
 * Resolves once no more resources are held than `before`, or throws after `timeoutMs` naming the
 * counts. Not `vi.waitFor`: its own interval and timeout timers would be counted too, so the
 * condition could never hold. The sleep's timer has fired (and is gone) when the count is taken.
 */
export async function waitUntilReleased(before: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = heldResources();
    if (held <= before) return;
    if (Date.now() > deadline) throw new Error(`still holding ${held} timers and sockets, ${before} before`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
