import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from './clock.js';
import { loadConfigOrExit, type Config } from './config/index.js';
import { verifyAuditChain } from './services/audit/audit-log-repo.js';
import { createDatabase, type Database } from './db/client.js';
import { openDatabaseServer } from './db/open-database.js';
import { applyPendingMigrations, createMigration } from './db/migrator.js';
import { CONSOLE_ROLES, STAFF_ROLES } from './domain/access-policy.js';
import type { Actor } from './domain/audit-events.js';
import { createLogger, type Logger } from './logger.js';
import type { DatabaseServer } from './db/open-database.js';
import { createApiToken, CreateApiTokenInputSchema } from './services/api-tokens/create-api-token.js';
import { revokeApiToken } from './services/api-tokens/revoke-api-token.js';
import { CUSTOMER_CSV_COLUMNS, importCustomersCsv } from './services/customers/import-customers.js';
import { DEMO_BUSINESS, seedDemo } from './services/demo/demo-seed.js';
import { loadLegalPolicy } from './config/legal-policy.js';
import {
  CreateStaffUserInputSchema,
  createStaffUser,
  StaffUserExistsError,
} from './services/staff-accounts/staff-accounts.js';
import type { Dependencies } from './services/dependencies.js';
import { SIGN_IN_LINK_HOURS } from './services/staff-accounts/staff-settings.js';

interface CommandContext {
  config: Config;
  database: DatabaseServer;
  logger: Logger;
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

interface Command {
  usage: string;
  /** Options that take a value (`--name <n>`); any other `--flag` is a boolean. */
  valueOptions?: readonly string[];
  run(context: CommandContext): Promise<void>;
}

/** Changes made from the command line are audited as the system's, done by an operator at a shell. */
const CLI_ACTOR: Actor = { type: 'system', id: 'cli' };
/** Every server seals committed audit events within a second (src/jobs/audit-linker.ts); a minute means none does. */
const UNSEALED_TOO_LONG_MS = 60_000;

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
      console.log(
        folder
          ? `Wrote ${folder}/migration.sql`
          : 'schema.prisma and the migrations agree; nothing to write.',
      );
    },
  },
  'token:create': {
    usage: `token:create --name <n> --role <role>  print a new API token as the last line; role: ${STAFF_ROLES.join('|')}`,
    valueOptions: ['name', 'role'],
    async run({ database, options }) {
      const parsed = CreateApiTokenInputSchema.safeParse({ name: options.name, role: options.role });
      if (!parsed.success) {
        throw new UsageError(`token:create needs --name <n> and --role <${STAFF_ROLES.join('|')}>`);
      }
      const created = await withDatabase(database, (db) =>
        createApiToken({ db, clock: systemClock }, { input: parsed.data, actor: CLI_ACTOR }),
      );
      console.log(`Created API token ${created.id} "${created.name}" with role ${created.role}.`);
      console.log('It is shown only now; send it as "Authorization: Bearer <token>":');
      console.log(created.token);
    },
  },
  'token:revoke': {
    usage: 'token:revoke --id <id>     revoke an API token at once',
    valueOptions: ['id'],
    async run({ database, options }) {
      const id = z.uuid().safeParse(options.id);
      if (!id.success) throw new UsageError('token:revoke needs --id <token id>, as token:create printed it');
      const revoked = await withDatabase(database, (db) =>
        revokeApiToken({ db, clock: systemClock }, { tokenId: id.data, actor: CLI_ACTOR }),
      );
      console.log(revoked ? `Revoked API token ${id.data}.` : `No active API token ${id.data}.`);
    },
  },
  'staff:create': {
    usage: `staff:create --email <e> --name <n> --role <role>  create a console user and print a one-time sign-in link; role: ${CONSOLE_ROLES.join('|')}`,
    valueOptions: ['email', 'name', 'role'],
    async run(context) {
      const { options } = context;
      const parsed = CreateStaffUserInputSchema.safeParse({
        email: options.email,
        name: options.name,
        role: options.role,
      });
      if (!parsed.success) {
        throw new UsageError(`staff:create needs --email <e> --name <n> --role <${CONSOLE_ROLES.join('|')}>`);
      }
      const created = await withDependencies(context, (deps) =>
        createStaffUser(deps, { input: parsed.data, actor: CLI_ACTOR }).catch((error: unknown) => {
          if (error instanceof StaffUserExistsError) throw new UsageError(error.message);
          throw error;
        }),
      );
      console.log(`Created ${created.user.role} ${created.user.id}.`);
      console.log(`Send them this one-time link (valid ${SIGN_IN_LINK_HOURS} hours) to choose a password:`);
      console.log(created.signInLink);
    },
  },
  'customers:import': {
    usage: 'customers:import <file.csv>  upsert customer records by account number; reports rejected rows',
    async run({ database, positionals }) {
      const file = positionals[0];
      if (!file)
        throw new UsageError(
          `customers:import needs a CSV file with the columns ${CUSTOMER_CSV_COLUMNS.join(',')}`,
        );
      const report = await withDatabase(database, (db) => importCustomersCsv(db, file, systemClock.now()));
      console.log(
        `Imported ${report.upserted} customer record(s); rejected ${report.rejected.length} row(s).`,
      );
      for (const rejected of report.rejected)
        console.log(`  line ${rejected.line}: ${rejected.problems.join('; ')}`);
      if (report.rejected.length > 0) process.exitCode = 1;
    },
  },
  'demo:seed': {
    usage: 'demo:seed                  load a sample telecom, customers and requests in every status',
    async run(context) {
      const report = await withDependencies(context, (deps) => seedDemo(deps));
      console.log(`Demo business: ${DEMO_BUSINESS.name}.`);
      console.log(`Customers: ${report.customers}. Requests by status: ${JSON.stringify(report.requests)}.`);
      for (const user of report.staff) {
        console.log(`Staff ${user.role}: ${user.email} / ${user.password} (shown once)`);
      }
    },
  },
  'audit:verify': {
    usage: "audit:verify               check the audit log's hash chain; exit code 1 at a broken link",
    async run({ database }) {
      const result = await withDatabase(database, (db) => verifyAuditChain(db));
      if (result.ok) {
        const waitedMs = result.oldestPendingAt === null ? 0 : Date.now() - result.oldestPendingAt.getTime();
        if (waitedMs > UNSEALED_TOO_LONG_MS) {
          console.log(
            `UNSEALED: ${result.pending} audit events wait for their link, the oldest for ` +
              `${Math.round(waitedMs / 1000)} s: no server is running the audit linker.`,
          );
          process.exitCode = 1;
          return;
        }
        const pending = result.pending === 0 ? '' : `; ${result.pending} just committed, awaiting their link`;
        console.log(`OK: ${result.checked} audit events, hash chain intact${pending}.`);
        return;
      }
      console.log(
        `BROKEN at sequence ${result.firstBrokenSequence} (${result.reason}); ` +
          `${result.checked} events before it are intact.`,
      );
      process.exitCode = 1;
    },
  },
};

async function withDatabase<T>(database: DatabaseServer, work: (db: Database) => Promise<T>): Promise<T> {
  const db = createDatabase(database.url);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** The use cases' dependencies, on the command's database, for the length of `work`. */
async function withDependencies<T>(
  { config, database, logger }: CommandContext,
  work: (deps: Dependencies) => Promise<T>,
): Promise<T> {
  const policy = await loadLegalPolicy(config);
  return withDatabase(database, (db) => work({ config, db, logger, clock: systemClock, policy }));
}

class UsageError extends Error {}

function printUsage() {
  console.error(
    `Usage: npm run cli -- <command> [arguments]\n\n${Object.values(COMMANDS)
      .map((command) => `  ${command.usage}`)
      .join('\n')}`,
  );
}

async function main() {
  const valueOptions = Object.values(COMMANDS).flatMap((command) => command.valueOptions ?? []);
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: Object.fromEntries(valueOptions.map((option) => [option, { type: 'string' as const }])),
  });
  const [name, ...rest] = positionals;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    printUsage();
    process.exitCode = 2;
    return;
  }
  const config = loadConfigOrExit();
  const logger = createLogger({
    ...config,
    LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  });
  const database = await openDatabaseServer(config, logger);
  try {
    await command.run({ config, database, logger, positionals: rest, options: values });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  } finally {
    await database.stop();
  }
}

await main();
