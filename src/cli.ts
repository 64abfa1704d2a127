import { parseArgs } from 'node:util';
import { loadConfigOrExit } from './config/index.js';
import { openDatabaseServer } from './db/open-database.js';
import { applyPendingMigrations, createMigration } from './db/migrator.js';
import { createLogger, type Logger } from './logger.js';
import type { DatabaseServer } from './db/open-database.js';

interface CommandContext {
  database: DatabaseServer;
  logger: Logger;
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

interface Command {
  usage: string;
  run(context: CommandContext): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  'db:migrate': {
    usage: 'db:migrate                 apply pending migrations from prisma/migrations',
    async run({ database }) {
      const applied = await applyPendingMigrations(database.url);
      console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    },
  },
  'db:migration': {
    usage: 'db:migration <name>        write a migration for what schema.prisma adds',
    async run({ database, positionals }) {
      const name = positionals[0];
      if (!name) throw new UsageError('db:migration needs a name, e.g. npm run db:migration -- add_requests');
      const folder = await createMigration(database.url, name, new Date());
      console.log(folder ? `Wrote ${folder}/migration.sql` : 'schema.prisma and the migrations agree; nothing to write.');
    },
  },
};

class UsageError extends Error {}

function printUsage() {
  console.error(`Usage: npm run cli -- <command> [arguments]\n\n${Object.values(COMMANDS).map((command) => `  ${command.usage}`).join('\n')}`);
}

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, strict: false });
  const [name, ...rest] = positionals;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    printUsage();
    process.exitCode = 2;
    return;
  }
  const config = loadConfigOrExit();
  const logger = createLogger({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const database = await openDatabaseServer(config, logger);
  try {
    await command.run({ database, logger, positionals: rest, options: values });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  } finally {
    await database.stop();
  }
}

await main();
