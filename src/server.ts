import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfigOrExit, type Config } from './config/index.js';
import { createDatabase } from './db/client.js';
import { openDatabaseServer } from './db/open-database.js';
import { applyPendingMigrations } from './db/migrator.js';
import { createLogger, type Logger } from './logger.js';
import { loadLegalPolicy } from './services/legal-policy.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function start(config: Config, logger: Logger) {
  const database = await openDatabaseServer(config, logger);
  logger.info(`database: ${database.description}`);

  if (config.MIGRATE_ON_START) {
    const applied = await applyPendingMigrations(database.url);
    logger.info(
      { applied },
      applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is current',
    );
  }

  const db = createDatabase(database.url);
  const policy = await loadLegalPolicy(config);
  const app = await buildApp({ config, db, logger, clock: systemClock, policy });

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

const config = loadConfigOrExit();
const logger = createLogger(config);
try {
  await start(config, logger);
} catch (error) {
  logger.fatal({ err: error }, 'RightsDesk could not start');
  process.exit(1);
}
