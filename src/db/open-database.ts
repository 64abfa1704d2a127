import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

interface DatabaseServer {
  /** The server's own role: reads and writes rows, may not alter tables or rewrite the audit log. */
  url: string;
  /** The role that owns the tables and applies migrations. */
  ownerUrl: string;
  /** Where the data lives, for logs: host, port and database, never credentials. */
  description: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL (with MIGRATION_DATABASE_URL as the owner, else DATABASE_URL for
 * both) when set; otherwise the embedded PostgreSQL under DATA_DIR, with two roles.
 */
export async function openDatabaseServer(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.DATABASE_URL) {
    const { hostname, port, pathname } = new URL(config.DATABASE_URL);
    return {
      url: config.DATABASE_URL,
      ownerUrl: config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL,
      description: `PostgreSQL at ${hostname}:${port || 5432}, database ${pathname.slice(1)}`,
      stop: async () => {},
    };
  }
  return startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_POSTGRES_PORT, logger);
}
