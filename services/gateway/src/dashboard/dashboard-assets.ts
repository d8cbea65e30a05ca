import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One file the dashboard serves: its bytes and the content type to send them with. */
export interface DashboardAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A file name in the dashboard folder: no path separators, so a request cannot leave it. */
const ASSET_NAME = /^[a-z0-9-]+\.(html|css|js|svg)$/;

/**
 * Where the static files live. `tsc` copies no HTML, CSS or JS into `dist/`, so the compiled
 * module (dist/dashboard/) reads them from the package's source folder; run from source (tests,
 * tsx) they sit beside this module. The first folder that exists wins.
 */
export function dashboardFolder(): string {
  const candidates = [
    new URL('./public/', import.meta.url),
    new URL('../../src/dashboard/public/', import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((folder) => existsSync(`${folder}index.html`));
  if (!found) throw new Error(`dashboard files not found; looked in ${candidates.join(' and ')}`);
  return found;
}

/**
 * Reads the dashboard's static files by name from one folder, once each (they do not change
 * while the gateway runs). Unknown or malformed names resolve to undefined.
 */
export class DashboardAssets {
  private readonly cache = new Map<string, Promise<DashboardAsset | undefined>>();

  constructor(private readonly folder: string = dashboardFolder()) {}

  get(name: string): Promise<DashboardAsset | undefined> {
    if (!ASSET_NAME.test(name)) return Promise.resolve(undefined);
    let asset = this.cache.get(name);
    if (!asset) {
      asset = this.load(name);
      this.cache.set(name, asset);
    }
    return asset;
  }

  private async load(name: string): Promise<DashboardAsset | undefined> {
    try {
      const body = await readFile(`${this.folder}${name}`);
      return { body, contentType: CONTENT_TYPES[name.slice(name.lastIndexOf('.'))]! };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
