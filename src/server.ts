import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfigOrExit, type Config } from './config/index.js';
import { createDatabase } from './db/client.js';
import { openDatabaseServer } from './db/open-database.js';
import { applyPendingMigrations } from './db/migrator.js';
import { createLogger, type Logger } from './logger.js';
import { createBackgroundJobs } from './jobs/background-jobs.js';
import { startMailboxServer } from './mail/mailbox-server.js';
import { createMailer } from './mail/mailer.js';
import { loadLegalPolicy } from './config/legal-policy.js';
import type { Dependencies } from './services/dependencies.js';
import { DataMapError, loadDataMap, type LoadedDataMap } from './services/fulfilment/load-data-map.js';
import { createDemoAdminIfNoStaff } from './services/staff-accounts/staff-accounts.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function start(config: Config, logger: Logger, { dataMap, description }: LoadedDataMap) {
  logger.info(description);
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
  const deps: Dependencies = {
    config,
    db,
    logger,
    clock: systemClock,
    policy: await loadLegalPolicy(config),
    dataMap,
  };
  await printDemoAdminOnFirstStart(deps);

  // Without SMTP_URL, mail goes to a loopback SMTP server shown at /dev/mailbox.
  const devMailbox = config.SMTP_URL === undefined ? await startMailboxServer() : undefined;
  const mailer = createMailer(devMailbox?.smtpUrl ?? config.SMTP_URL ?? '', config.MAIL_FROM);
  const jobs = createBackgroundJobs({ ...deps, mailer }, { databaseUrl: database.url });
  const app = await buildApp({ ...deps, ...(devMailbox && { devMailbox }) });

  // In-flight requests finish, then the jobs stop, then the pool closes, then an embedded cluster stops.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info(`received ${signal}, shutting down`);
    await app.close();
    await jobs.stop();
    mailer.close();
    await devMailbox?.stop();
    await db.$disconnect();
    await database.stop();
  });

  await app.listen({ port: config.PORT, host: config.HOST });
  jobs.start();
  if (devMailbox) {
    logger.info(
      `SMTP_URL is not set: emails go to the development mailbox at ${new URL('/dev/mailbox', config.PUBLIC_BASE_URL).toString()}`,
    );
  } else {
    logger.info('mail: sending through SMTP_URL');
  }
}

/**
 * With no staff at all, a demo admin, whose password is printed once to the
 * terminal (never through the logger, so it reaches no log store).
 */
async function printDemoAdminOnFirstStart(deps: Pick<Dependencies, 'db' | 'clock' | 'config'>) {
  const created = await createDemoAdminIfNoStaff(deps);
  if (created === null) return;
  process.stdout.write(
    [
      '',
      '==================== RightsDesk: demo admin created (shown once) ====================',
      `  Sign in at /staff/sign-in as ${created.email} with password ${created.password}`,
      '  You will set up two-step sign-in (TOTP) at the first sign-in.',
      '  Create real accounts with: npm run cli -- staff:create --email … --name … --role …',
      '======================================================================================',
      '',
    ].join('\n'),
  );
}

/** A bad data map stops the start with one line per problem, like a bad setting. */
async function loadDataMapOrExit(config: Config): Promise<LoadedDataMap> {
  try {
    return await loadDataMap(config);
  } catch (error) {
    if (!(error instanceof DataMapError)) throw error;
    process.stderr.write(`RightsDesk cannot start. ${error.message}\n`);
    process.exit(1);
  }
}

const config = loadConfigOrExit();
const logger = createLogger(config);
try {
  await start(config, logger, await loadDataMapOrExit(config));
} catch (error) {
  logger.fatal({ err: error }, 'RightsDesk could not start');
  process.exit(1);
}
