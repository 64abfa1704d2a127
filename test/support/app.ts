import { Writable } from 'node:stream';
import { buildApp, type App } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { buildLegalPolicy } from '../../src/config/legal-policy.js';
import type { MailboxServer } from '../../src/mail/mailbox-server.js';
import { createMigratedDatabase, type TestDatabase } from './database.js';
import { useDuringSuite } from './suite.js';
import { EMPTY_DATA_MAP, type DataMap } from '../../src/domain/fulfilment/data-map.js';

export interface TestApp {
  app: App;
  db: Database;
  config: Config;
  /** Every log line the app wrote, as JSON text. */
  logLines: string[];
  close(): Promise<void>;
}

/** Rate limits off, for tests that send more than a visitor may. */
export const NO_RATE_LIMITS = { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_EMAIL: '0' };

export interface TestAppOptions {
  environment?: Record<string, string>;
  clock?: Clock;
  database?: TestDatabase;
  /** Mounted at /dev/mailbox, as the server does without SMTP_URL. */
  devMailbox?: MailboxServer;
  /** The systems requests are carried out in; none by default. */
  dataMap?: DataMap;
}

/** The real app on a fresh migrated database, logging into memory at debug level. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createMigratedDatabase());
  const config = loadConfig({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
    ...options.environment,
  });
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const db = createDatabase(database.url, config.databaseTimeouts);
  const app = await buildApp({
    config,
    db,
    logger: createLogger(config, logStream),
    clock: options.clock ?? { now: () => new Date() },
    policy: buildLegalPolicy(config),
    dataMap: options.dataMap ?? EMPTY_DATA_MAP,
    ...(options.devMailbox && { devMailbox: options.devMailbox }),
  });
  return {
    app,
    db,
    config,
    logLines,
    close: async () => {
      await app.close();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** startTestApp before the tests of the file or describe block, closed after them. */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  return useDuringSuite(
    () => startTestApp(options),
    (harness) => harness.close(),
  );
}
