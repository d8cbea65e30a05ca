import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

/** A server process started by a test helper: its output is kept for error messages. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  /** The last lines the process wrote (stdout and stderr), for "why did it not start" errors. */
  output(): string;
  /** Resolves when the process has exited (at once if it already has). */
  exited(): Promise<void>;
  /** Sends `signal` and waits for the exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

const live = new Set<ChildProcess>();
const folders = new Set<string>();
let exitHookInstalled = false;

/** Deletes `dir` when the test process exits, unless `forget` is called first (after a clean stop). */
export function removeOnExit(dir: string): { forget(): void } {
  installExitHook();
  folders.add(dir);
  return { forget: () => folders.delete(dir) };
}

/**
 * Starts `command` with its output captured. Every process started here is killed when the
 * test process exits, so a failed or interrupted run leaves no server behind.
 */
export function startProcess(command: string, args: readonly string[], options: SpawnOptions = {}): ManagedProcess {
  installExitHook();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      live.delete(child);
      resolve();
    };
    child.once('exit', done);
    child.once('error', (error) => {
      lines.push(String(error));
      done();
    });
  });
  return {
    child,
    output: () => lines.join('\n'),
    exited: () => exit,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exit;
    },
  };
}

/** Whether the process has exited. */
export function hasExited(process: ManagedProcess): boolean {
  return process.child.exitCode !== null || process.child.signalCode !== null;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * Polls `probe` until it returns true; fails with `describe()` when `process` exits first or
 * `timeoutMs` passes.
 */
export async function waitUntilReady(
  process: ManagedProcess,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (hasExited(process)) {
      throw new Error(`${options.what} exited before it was ready. Its output:\n${process.output()}`);
    }
    if (await probe()) return;
    if (Date.now() > deadline) {
      await process.stop('SIGKILL');
      throw new Error(`${options.what} was not ready after ${options.timeoutMs} ms. Its output:\n${process.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
