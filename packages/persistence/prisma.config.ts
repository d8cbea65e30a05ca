import { defineConfig } from 'prisma/config';

// For Prisma's own CLI (`npx prisma migrate deploy|status` against DATABASE_URL). The platform
// applies the same migrations itself at start-up (src/migrations/apply-migrations.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
