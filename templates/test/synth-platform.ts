import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PlatformConfig } from '../config/platform-config.js';
import { resolvePlatformConfig } from '../config/resolve-config.js';
import { TradeForgeProject } from '../project/tradeforge-project.js';

export interface SynthResult {
  readonly outdir: string;
  /** Text of every file written, keyed by path relative to outdir. */
  readonly files: Readonly<Record<string, string>>;
  read(file: string): string;
  json<T = Record<string, unknown>>(file: string): T;
}

/**
 * Synthesizes the platform into a temporary folder (or `outdir`) without running installs,
 * the way projen's own synthSnapshot does, and returns what was written.
 */
export function synthPlatform(config: PlatformConfig, outdir?: string): SynthResult {
  const dir = outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-synth-'));
  const previous = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    new TradeForgeProject({ platform: resolvePlatformConfig(config), outdir: dir }).synth();
  } finally {
    if (previous === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previous;
  }
  const files = Object.fromEntries(listFiles(dir).map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
  return {
    outdir: dir,
    files,
    read: (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`${file} was not generated`);
      return text;
    },
    json: (file) => JSON.parse(stripLineComments(files[file] ?? 'null')),
  };
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules') return [];
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
  });
}

/** tsconfig files carry a `//` marker line; JSON.parse does not accept it. */
function stripLineComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
}

/** The smallest valid config, for tests that vary one field. */
export const MINIMAL_CONFIG: PlatformConfig = { name: 'acme' };
