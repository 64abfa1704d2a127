import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyPendingMigrations } from '../../src/db/migrator.js';
import { databaseUrlFor, runtimeUrlFor, TEST_RUNTIME_ROLE } from './database-url.js';
import { findPostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

const MACHINE_POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_TEST_PORT = 54339;

/**
 * One migrated template database per run; each test file copies it into a fresh
 * database of its own (test/support/database.ts), so files run in parallel.
 */
export default async function setup(project: TestProject) {
  const requested = process.env.TEST_DATABASE_URL ?? MACHINE_POSTGRES;
  const server = await findPostgresServer(requested, EMBEDDED_TEST_PORT);
  if (server.embedded)
    console.warn(`No PostgreSQL answered at ${new URL(requested).host}; using an embedded one.`);
  const adminUrl = server.adminUrl;

  const templateDatabase = `rightsdesk_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  await createRuntimeRole(admin);
  const templateUrl = databaseUrlFor(adminUrl, templateDatabase);
  await applyPendingMigrations(templateUrl, { runtimeUrl: runtimeUrlFor(templateUrl) });

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
    await admin.end();
    await server.stop();
  };
}

/**
 * The role every test runs the app under, as the server runs under DATABASE_URL:
 * not the tables' owner. Roles belong to the whole server, so runs share it.
 */
async function createRuntimeRole(admin: pg.Client) {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
    TEST_RUNTIME_ROLE.name,
  ]);
  if (rowCount !== 0) return;
  await admin
    .query(`CREATE ROLE ${TEST_RUNTIME_ROLE.name} LOGIN PASSWORD '${TEST_RUNTIME_ROLE.password}'`)
    .catch((error: { code?: string }) => {
      // Another run created it at the same moment.
      if (error.code !== '42710' && error.code !== '23505') throw error;
    });
}
