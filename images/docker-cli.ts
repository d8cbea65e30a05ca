import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Text written to the command's stdin. */
  readonly input?: string;
  /** Called with each complete output line (stdout and stderr), e.g. for progress. */
  readonly onLine?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** @default no limit */
  readonly timeoutMs?: number;
}

/** Runs a command to completion and collects its output; never throws for a non-zero exit. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const partial = { stdout: '', stderr: '' };
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      if (!options.onLine) return;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout?.on('data', collect('stdout'));
    child.stderr?.on('data', collect('stderr'));
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      for (const rest of [partial.stdout, partial.stderr]) if (rest && options.onLine) options.onLine(rest);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    if (child.stdin) {
      // A command may exit before reading its input; its exit status tells what happened.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** `docker <args>`; throws with the command's last output lines when it fails. */
export async function docker(args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run('docker', args, options);
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`docker ${args.slice(0, 2).join(' ')} failed (exit ${result.code}):\n${tail}`);
  }
  return result.stdout.trim();
}

/** An image's id and labels, or undefined when the engine has no such image. */
export async function inspectImage(
  image: string,
): Promise<{ id: string; labels: Record<string, string>; sizeBytes: number } | undefined> {
  const result = await run('docker', ['image', 'inspect', '--format', '{{json .}}', image]);
  if (result.code !== 0) return undefined;
  const info = JSON.parse(result.stdout) as {
    Id: string;
    Size: number;
    Config?: { Labels?: Record<string, string> | null };
  };
  return { id: info.Id, labels: info.Config?.Labels ?? {}, sizeBytes: info.Size };
}
