import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrlFor, runtimeUrlFor } from './database-url.js';

const TEMPLATE_COPY_LOCK = 7_340_001;

export interface TestDatabase {
  /** As the runtime role, which the app runs under: no DDL, the audit log insert-only. */
  url: string;
  /** As the owner of the tables: for migrations and for what the app may never do. */
  ownerUrl: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function createDatabase(template: string | null): Promise<TestDatabase> {
  const name = `rightsdesk_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    // PostgreSQL refuses to copy a template while another copy of it is running,
    // so parallel test files take turns (the lock ends with the session).
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_COPY_LOCK]);
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  });
  const ownerUrl = databaseUrlFor(inject('adminDatabaseUrl'), name);
  return {
    url: runtimeUrlFor(ownerUrl),
    ownerUrl,
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** A fresh database with every migration applied, copied from the run's template. */
export function createMigratedDatabase(): Promise<TestDatabase> {
  return createDatabase(inject('templateDatabase'));
}

/** A fresh database with nothing in it. */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return createDatabase(null);
}
