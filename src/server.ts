import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createDatabase } from './db/client.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { applyPendingMigrations } from './db/migrator.js';
import { createLogger, type Logger } from './logger.js';

const SHUTDOWN_GRACE_MS = 10_000;

function readConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`RightsDesk cannot start. ${error.message}\nSee .env.example for every variable.\n`);
    process.exit(1);
  }
}

/** Where the data lives, for the start-up log: host, port and database, never credentials. */
function describeDatabaseUrl(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  return `PostgreSQL at ${hostname}:${port || 5432}, database ${pathname.slice(1)}`;
}

async function openDatabase(config: Config, logger: Logger) {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, description: describeDatabaseUrl(config.DATABASE_URL), stop: async () => {} };
  }
  return startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_POSTGRES_PORT, logger);
}

async function start(config: Config, logger: Logger) {
  const database = await openDatabase(config, logger);
  logger.info(`database: ${database.description}`);

  if (config.MIGRATE_ON_START) {
    const applied = await applyPendingMigrations(database.url);
    logger.info({ applied }, applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is current');
  }

  const db = createDatabase(database.url);
  const app = await buildApp({ config, db, logger, clock: systemClock });

  // In-flight requests finish, then the pool closes, then an embedded cluster stops.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info(`received ${signal}, shutting down`);
    await app.close();
    await db.$disconnect();
    await database.stop();
  });

  await app.listen({ port: config.PORT, host: config.HOST });
}

const config = readConfigOrExit();
const logger = createLogger(config);
try {
  await start(config, logger);
} catch (error) {
  logger.fatal({ err: error }, 'RightsDesk could not start');
  process.exit(1);
}
