#!/bin/sh
# Stand-in for Prisma's native schema engine, which `prisma generate` insists on downloading but
# never runs. Migrations here are diffed with the WebAssembly engine: npm run db:migration.
echo "The native Prisma schema engine is not installed here. Use: npm run db:migration -- --name <what>" >&2
exit 1
