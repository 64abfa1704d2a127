import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import {
  MIGRATIONS_DIRECTORY,
  NO_SCHEMA_FILTER,
  withSchemaEngine,
  readMigrationList,
  readSchemaFiles,
} from './schema-engine.js';

// Our own advisory-lock key ("RDMIGRAT"): distinct from the one Prisma's engine may
// take, so the two can never wait on each other.
const MIGRATION_LOCK_KEY = 0x52444d49_47524154n;

/**
 * Applies pending migrations exactly as `prisma migrate deploy` would, recording them
 * in `_prisma_migrations`, as the owner role of `databaseUrl`. Instances starting
 * together queue on an advisory lock; the later ones then find nothing pending.
 * With `runtimeUrl`, its role is then granted what the server needs and no more
 * (grant_runtime_privileges, migration 202612014000_audit_runtime_role).
 */
export async function applyPendingMigrations(
  databaseUrl: string,
  { runtimeUrl }: { runtimeUrl?: string } = {},
): Promise<string[]> {
  const lockClient = new pg.Client({ connectionString: databaseUrl });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    const migrationsList = await readMigrationList();
    const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_SCHEMA_FILTER }),
    );
    const runtimeRole = runtimeUrl === undefined ? '' : roleOf(runtimeUrl);
    if (runtimeRole !== '' && runtimeRole !== roleOf(databaseUrl)) {
      await lockClient.query('SELECT grant_runtime_privileges($1)', [runtimeRole]);
    }
    return appliedMigrationNames;
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => {});
    await lockClient.end();
  }
}

/** The role a connection URL signs in as. */
export function roleOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).username);
}

/**
 * SQL that would bring the migrations up to `schema.prisma`; empty when they agree.
 * The engine replays the migrations in a throw-away shadow database to compare.
 */
export async function diffMigrationsAgainstSchema(databaseUrl: string): Promise<string> {
  const migrations = await readMigrationList();
  const schemaFiles = await readSchemaFiles();
  const { stdout } = await withSchemaEngine(databaseUrl, (engine) =>
    engine.diff({
      from:
        migrations.migrationDirectories.length > 0 ? { tag: 'migrations', ...migrations } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', ...schemaFiles },
      script: true,
      exitCode: null,
      filters: NO_SCHEMA_FILTER,
    }),
  );
  return isEmptyMigration(stdout ?? '') ? '' : (stdout ?? '');
}

function isEmptyMigration(sql: string): boolean {
  return sql.trim() === '' || sql.includes('-- This is an empty migration.');
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql, as `prisma migrate dev --create-only` would. */
export async function createMigration(databaseUrl: string, name: string, now: Date): Promise<string | null> {
  const sql = await diffMigrationsAgainstSchema(databaseUrl);
  if (sql === '') return null;
  const timestamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  const folder = path.join(MIGRATIONS_DIRECTORY, `${timestamp}_${slug}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  return folder;
}
