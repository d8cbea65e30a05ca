/**
 * Polls `probe` every 500 ms until it returns a value other than undefined, and returns that
 * value; throws naming `what` after `timeoutMs`. A recovery bound, not a timing assertion.
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error; // e.g. the gateway is restarting: try again
    }
    if (Date.now() > deadline) {
      throw new Error(
        `waited ${timeoutMs / 1000} s for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
