import { readdir } from 'node:fs/promises';
import type { Database } from './client.js';
import { MIGRATIONS_DIRECTORY } from './schema-engine.js';

let shippedMigrations: Promise<string[]> | undefined;

/** The migrations this build ships, read once: they cannot change while it runs. */
function readShippedMigrations(): Promise<string[]> {
  shippedMigrations ??= readdir(MIGRATIONS_DIRECTORY, { withFileTypes: true }).then((entries) =>
    entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
  );
  return shippedMigrations;
}

/** Shipped migrations not yet recorded as finished in `_prisma_migrations`. */
export async function listPendingMigrations(db: Database): Promise<string[]> {
  const shipped = await readShippedMigrations();
  const tableExists = await db.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS "exists"`;
  if (!tableExists[0]?.exists) return shipped;
  const applied = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const appliedNames = new Set(applied.map((row) => row.migration_name));
  return shipped.filter((name) => !appliedNames.has(name));
}
