import { Writable } from 'node:stream';
import { buildApp, type App } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { buildLegalPolicy } from '../../src/config/legal-policy.js';
import { createMigratedDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: App;
  db: Database;
  config: Config;
  /** Every log line the app wrote, as JSON text. */
  logLines: string[];
  close(): Promise<void>;
}

/** The real app on a fresh migrated database, logging into memory at debug level. */
export async function startTestApp(
  options: { environment?: Record<string, string>; clock?: Clock; database?: TestDatabase } = {},
): Promise<TestApp> {
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
  const db = createDatabase(database.url);
  const app = await buildApp({
    config,
    db,
    logger: createLogger(config, logStream),
    clock: options.clock ?? { now: () => new Date() },
    policy: buildLegalPolicy(config),
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
