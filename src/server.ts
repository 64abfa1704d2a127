import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfigOrExit, type Config } from './config/index.js';
import { createDatabase } from './db/client.js';
import { openDatabaseServer } from './db/open-database.js';
import { applyPendingMigrations } from './db/migrator.js';
import { createLogger, type Logger } from './logger.js';
import { createBackgroundJobs } from './jobs/background-jobs.js';
import { startInboundSmtpServer } from './mail/inbound-smtp-server.js';
import { startMailboxServer } from './mail/mailbox-server.js';
import { createMailer } from './mail/mailer.js';
import { loadLegalPolicy } from './config/legal-policy.js';
import type { Dependencies } from './services/dependencies.js';
import { hasNoStaffYet, issueFirstAdminLink } from './services/staff-accounts/issue-first-admin-link.js';
import { isDatabaseUnavailable } from './services/readiness.js';
import { describeListenFailure, StartupProblem } from './startup-problem.js';
import {
  DataMapError,
  loadDataMapFile,
  loadDefaultDataMap,
  type LoadedDataMap,
} from './services/fulfilment/load-data-map.js';
import { isDemoInstalled } from './services/demo/demo-repo.js';
import { withDemoTelecomDatabase } from './services/demo/demo-telecom-repo.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** `mapFile`: DATA_MAP_FILE's map, read before anything starts; without it the map depends on the database. */
async function start(baseConfig: Config, logger: Logger, mapFile: LoadedDataMap | undefined) {
  if (mapFile) logger.info(mapFile.description);
  const database = await openDatabaseServer(baseConfig, logger);
  logger.info(`database: ${database.description}`);

  if (database.ownerUrl === database.url) {
    logger.warn(
      'MIGRATION_DATABASE_URL is not set: the server runs as the role that owns the tables, which could ' +
        'rewrite the audit log; set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a role of its own',
    );
  }
  if (baseConfig.MIGRATE_ON_START) {
    const applied = await applyPendingMigrations(database.ownerUrl, { runtimeUrl: database.url });
    logger.info(
      { applied },
      applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is current',
    );
  }

  const config = withDemoTelecomDatabase(baseConfig, database.url);
  const db = createDatabase(database.url, config.databaseTimeouts);
  const { dataMap, description } =
    mapFile ?? (await loadDefaultDataMap(config, { demoInstalled: () => isDemoInstalled(db) }));
  if (!mapFile) logger.info(description);
  const deps: Dependencies = {
    config,
    db,
    logger,
    clock: systemClock,
    policy: await loadLegalPolicy(config),
    dataMap,
  };
  await offerFirstAdminLink(deps);

  // Without SMTP_URL, mail goes to a loopback SMTP server shown at /dev/mailbox.
  const devMailbox = config.SMTP_URL === undefined ? await startMailboxServer() : undefined;
  const mailer = createMailer(devMailbox?.smtpUrl ?? config.SMTP_URL ?? '', config.MAIL_FROM, {
    connections: config.OUTBOX_CONCURRENCY,
  });
  const jobs = createBackgroundJobs({ ...deps, mailer }, { databaseUrl: database.url });
  const app = await buildApp({ ...deps, ...(devMailbox && { devMailbox }) });
  // Mail to the privacy addresses, when the business forwards it here (README "Email channel").
  const inboundSmtp = config.INBOUND_SMTP_PORT === undefined ? undefined : await startInboundSmtpServer(deps);

  // In-flight requests finish, then the jobs stop, then the pool closes, then an embedded cluster stops.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info(`received ${signal}, shutting down`);
    await app.close();
    await inboundSmtp?.stop();
    await jobs.stop();
    mailer.close();
    await devMailbox?.stop();
    await db.$disconnect();
    await database.stop();
  });

  await app.listen({ port: config.PORT, host: config.HOST }).catch((error: unknown) => {
    throw describeListenFailure(error, config.PORT, config.HOST);
  });
  jobs.start();
  if (inboundSmtp) logger.info(`inbound mail: SMTP listener on port ${inboundSmtp.port}`);
  if (devMailbox) {
    logger.info(
      `SMTP_URL is not set: emails go to the development mailbox at ${new URL('/dev/mailbox', config.PUBLIC_BASE_URL).toString()}`,
    );
  } else {
    logger.info('mail: sending through SMTP_URL');
  }
}

/**
 * A new installation's first admin signs in through a one-time link. It is printed only
 * to an interactive terminal (never through the logger, so it reaches no log store);
 * without one, the log says how to create the first admin.
 */
async function offerFirstAdminLink(deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'logger'>) {
  if (!process.stdout.isTTY) {
    if (await hasNoStaffYet(deps)) {
      deps.logger.warn(
        'no staff accounts yet: create the first admin with npm run cli -- staff:create --email … --name … --role admin',
      );
    }
    return;
  }
  const issued = await issueFirstAdminLink(deps);
  if (issued === null) return;
  process.stdout.write(
    [
      '',
      '==================== RightsDesk: first admin (link shown once) ====================',
      `  Open ${issued.signInLink}`,
      `  to choose the password of ${issued.email}; it works once, for 72 hours.`,
      '  You will set up two-step sign-in (TOTP) at the first sign-in.',
      '  Restarting before it is used prints a new link.',
      '====================================================================================',
      '',
    ].join('\n'),
  );
}

/** A bad data map stops the start with one line per problem, like a bad setting. */
async function loadDataMapFileOrExit(config: Config): Promise<LoadedDataMap | undefined> {
  if (config.DATA_MAP_FILE === undefined) return undefined;
  try {
    return await loadDataMapFile(config.DATA_MAP_FILE, config);
  } catch (error) {
    if (!(error instanceof DataMapError)) throw error;
    process.stderr.write(`RightsDesk cannot start. ${error.message}\n`);
    process.exit(1);
  }
}

const config = loadConfigOrExit();
const logger = createLogger(config);
try {
  await start(config, logger, await loadDataMapFileOrExit(config));
} catch (error) {
  const problem = startupProblemOf(error, config);
  logger.fatal({ err: error }, 'RightsDesk could not start');
  // Also on stderr, plainly: a log transport may not flush before the exit. Credentials never.
  const reason = problem?.message ?? (error instanceof Error ? error.message : String(error));
  process.stderr.write(`RightsDesk could not start: ${reason.replace(/\/\/[^@\s/]*@/g, '//')}\n`);
  process.exit(1);
}

/** The cause and the setting to change, for the failures an operator can fix. */
function startupProblemOf(error: unknown, config: Config): StartupProblem | null {
  if (error instanceof StartupProblem) return error;
  if (isDatabaseUnavailable(error)) {
    return new StartupProblem(
      config.DATABASE_URL
        ? `cannot reach the PostgreSQL named by DATABASE_URL (${new URL(config.DATABASE_URL).host})`
        : 'cannot reach the embedded PostgreSQL',
      config.DATABASE_URL
        ? 'check DATABASE_URL and that the server is up'
        : 'check EMBEDDED_POSTGRES_PORT and DATA_DIR, or set DATABASE_URL',
    );
  }
  return null;
}
