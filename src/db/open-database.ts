import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

interface DatabaseServer {
  url: string;
  /** Where the data lives, for logs: host, port and database, never credentials. */
  description: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR. */
export async function openDatabaseServer(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.DATABASE_URL) {
    const { hostname, port, pathname } = new URL(config.DATABASE_URL);
    return {
      url: config.DATABASE_URL,
      description: `PostgreSQL at ${hostname}:${port || 5432}, database ${pathname.slice(1)}`,
      stop: async () => {},
    };
  }
  return startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_POSTGRES_PORT, logger);
}
