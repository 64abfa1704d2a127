// A throw-away migrated database for a benchmark: on the machine's PostgreSQL
// (TEST_DATABASE_URL, else 127.0.0.1:5432), or an embedded one when none answers.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyPendingMigrations } from '../src/db/migrator.js';
import { findPostgresServer } from '../test/support/postgres-server.js';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function freshDatabase(embeddedPort: number) {
  const server = await findPostgresServer(SERVER_URL, embeddedPort);
  const adminUrl = server.adminUrl;
  const name = `rightsdesk_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyPendingMigrations(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await server.stop();
    },
  };
}
