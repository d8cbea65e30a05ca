import { docker } from '../../../images/docker-cli.js';

/**
 * `docker pause` freezes the container's cgroup; on a busy cgroup-v1 host the freezer can give up
 * ("unable to freeze") while processes are in uninterruptible calls. Trying again succeeds.
 */
async function withRetries<T>(action: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** What the fault cases do to a container, as an operator would: the docker CLI. */
export const dockerControl = {
  restart: (id: string) => docker(['restart', '--time', '10', id]),
  killHard: (id: string) => docker(['kill', '--signal', 'KILL', id]),
  start: (id: string) => docker(['start', id]),
  stop: (id: string) => docker(['stop', '--time', '10', id]),
  pause: (id: string) => withRetries(() => docker(['pause', id])),
  unpause: (id: string) => docker(['unpause', id]),
};

/** Resolves once the container's health check reports healthy; throws after `timeoutMs`. */
export async function waitHealthy(id: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status = '';
  while (Date.now() < deadline) {
    status = await docker([
      'inspect',
      '--format',
      '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}',
      id,
    ]);
    if (status === 'running healthy') return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`container ${id.slice(0, 12)} is not healthy after ${timeoutMs / 1000} s (${status})`);
}
