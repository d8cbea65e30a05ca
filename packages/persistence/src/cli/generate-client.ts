import path from 'node:path';
import { GENERATED_CLIENT_DIR, runPrismaGenerate } from './prisma-cli.js';

// npm run db:generate — rewrites src/generated/prisma from prisma/schema.prisma. The client is
// committed so a fresh clone needs no generate step; test/generated-client.test.ts fails on drift.
const output = await runPrismaGenerate();
process.stdout.write(output);
console.log(
  `Prisma client written to ${path.relative(process.cwd(), GENERATED_CLIENT_DIR)}; commit it with the schema.`,
);
