import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_CLIENT_DIR, SCHEMA_PATH, runPrismaGenerate } from '../src/cli/prisma-cli.js';

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
  });
}

describe('the committed Prisma client', () => {
  it('is what `prisma generate` makes from schema.prisma today (run `npm run db:generate` if not)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradeforge-client-'));
    try {
      // The same schema file one folder down, so its relative output lands in the temp folder.
      fs.mkdirSync(path.join(dir, 'prisma'));
      fs.copyFileSync(SCHEMA_PATH, path.join(dir, 'prisma/schema.prisma'));
      await runPrismaGenerate(path.join(dir, 'prisma/schema.prisma'));
      const fresh = path.join(dir, 'src/generated/prisma');
      const files = listFiles(fresh).sort();
      expect(listFiles(GENERATED_CLIENT_DIR).sort()).toEqual(files);
      for (const file of files) {
        const committed = fs.readFileSync(path.join(GENERATED_CLIENT_DIR, file), 'utf8');
        expect(committed, `${file} differs: run npm run db:generate and commit`).toBe(
          fs.readFileSync(path.join(fresh, file), 'utf8'),
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
