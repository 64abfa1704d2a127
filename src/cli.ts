// `npm run cli -- <command>`: an operator's commands, each parsing its arguments
// and calling one use case. A refusal (bad arguments, or a rule such as an email
// already taken) prints its message and exits with code 2.

import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from './clock.js';
import { loadConfigOrExit } from './config/index.js';
import { loadLegalPolicy } from './config/legal-policy.js';
import { createDatabase } from './db/client.js';
import { applyPendingMigrations, createMigration } from './db/migrator.js';
import { openDatabaseServer } from './db/open-database.js';
import { AUDIT_COMMANDS } from './cli/audit-commands.js';
import { MAIL_COMMANDS } from './cli/mail-commands.js';
import { SUPPRESSION_COMMANDS } from './cli/suppression-commands.js';
import { UsageError, type Command } from './cli/command.js';
import { CONSOLE_ROLES, STAFF_ROLES } from './domain/access-policy.js';
import type { Actor } from './domain/audit-events.js';
import { DomainError } from './domain/errors.js';
import { createLogger } from './logger.js';
import { createApiToken, CreateApiTokenInputSchema } from './services/api-tokens/create-api-token.js';
import { revokeApiToken } from './services/api-tokens/revoke-api-token.js';
import { CUSTOMER_CSV_COLUMNS, importCustomersCsv } from './services/customers/import-customers.js';
import { DEMO_BUSINESS, demoCustomers, seedDemo } from './services/demo/demo-seed.js';
import { seedDemoTelecom } from './services/demo/seed-demo-telecom.js';
import { loadReplayTarget, ReplayTargetError } from './services/fulfilment-report/load-replay-target.js';
import { replayDeletions } from './services/fulfilment-report/replay-deletions.js';
import type { Dependencies } from './services/dependencies.js';
import { SIGN_IN_LINK_HOURS } from './services/staff-accounts/console-limits.js';
import { CreateStaffUserInputSchema, createStaffUser } from './services/staff-accounts/staff-accounts.js';
import { storableText } from './domain/storable-text.js';
import { loadDataMap, SAMPLE_DATA_MAP_FILE } from './services/fulfilment/load-data-map.js';
import { isDemoInstalled } from './services/demo/demo-repo.js';
import { withDemoTelecomDatabase } from './services/demo/demo-telecom-repo.js';

/** Changes made from the command line are audited as the system's, done by an operator at a shell. */
const CLI_ACTOR: Actor = { type: 'system', id: 'cli' };

const COMMANDS: Record<string, Command> = {
  'db:migrate': {
    usage: 'db:migrate                 apply pending migrations from prisma/migrations',
    async run({ databaseUrl, ownerUrl }) {
      const applied = await applyPendingMigrations(ownerUrl, { runtimeUrl: databaseUrl });
      console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    },
  },
  'db:migration': {
    usage: 'db:migration <name>        write a migration for what schema.prisma adds',
    async run({ ownerUrl, positionals: [name] }) {
      if (!name) throw new UsageError('db:migration needs a name, e.g. npm run db:migration -- add_requests');
      const folder = await createMigration(ownerUrl, name, new Date());
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
    async run({ options, withDependencies }) {
      const input = parseOrRefuse(CreateApiTokenInputSchema, options, {
        usage: `token:create needs --name <n> and --role <${STAFF_ROLES.join('|')}>`,
      });
      const created = await withDependencies((deps) => createApiToken(deps, { input, actor: CLI_ACTOR }));
      console.log(`Created API token ${created.id} "${created.name}" with role ${created.role}.`);
      console.log('It is shown only now; send it as "Authorization: Bearer <token>":');
      console.log(created.token);
    },
  },
  'token:revoke': {
    usage: 'token:revoke --id <id>     revoke an API token at once',
    valueOptions: ['id'],
    async run({ options, withDependencies }) {
      const tokenId = parseOrRefuse(z.uuid(), options.id, {
        usage: 'token:revoke needs --id <token id>, as token:create printed it',
      });
      const revoked = await withDependencies((deps) => revokeApiToken(deps, { tokenId, actor: CLI_ACTOR }));
      console.log(revoked ? `Revoked API token ${tokenId}.` : `No active API token ${tokenId}.`);
    },
  },
  'staff:create': {
    usage: `staff:create --email <e> --name <n> --role <role>  create a console user and print a one-time sign-in link; role: ${CONSOLE_ROLES.join('|')}`,
    valueOptions: ['email', 'name', 'role'],
    async run({ options, withDependencies }) {
      const input = parseOrRefuse(CreateStaffUserInputSchema, options, {
        usage: `staff:create needs --email <e> --name <n> --role <${CONSOLE_ROLES.join('|')}>`,
      });
      const created = await withDependencies((deps) => createStaffUser(deps, { input, actor: CLI_ACTOR }));
      console.log(`Created ${created.user.role} ${created.user.id}.`);
      console.log(`Send them this one-time link (valid ${SIGN_IN_LINK_HOURS} hours) to choose a password:`);
      console.log(created.signInLink);
    },
  },
  'customers:import': {
    usage: 'customers:import <file.csv>  upsert customer records by account number; reports rejected rows',
    async run({ positionals: [file], withDependencies }) {
      if (!file) {
        throw new UsageError(
          `customers:import needs a CSV file with the columns ${CUSTOMER_CSV_COLUMNS.join(',')}`,
        );
      }
      const report = await withDependencies((deps) => importCustomersCsv(deps, file));
      console.log(
        `Imported ${report.upserted} customer record(s); rejected ${report.rejected.length} row(s).`,
      );
      for (const { line, problems } of report.rejected) console.log(`  line ${line}: ${problems.join('; ')}`);
      if (report.rejected.length > 0) process.exitCode = 1;
    },
  },
  'demo:seed': {
    usage:
      'demo:seed                  load a sample telecom and the database of its systems, customers and requests in every status',
    async run({ withDependencies, databaseUrl, ownerUrl }) {
      const { report, telecom } = await withDependencies(async (deps) => {
        const report = await seedDemo(deps);
        const customers = demoCustomers(report.customers);
        return { report, telecom: await seedDemoTelecom({ db: deps.db, databaseUrl, ownerUrl }, customers) };
      });
      console.log(`Demo business: ${DEMO_BUSINESS.name}.`);
      console.log(
        `Its systems: database ${telecom.databaseName} (customers, billing invoices, call detail records, support tickets), described by config/data-map.sample.yaml.`,
      );
      console.log(`Customers: ${report.customers}. Requests by status: ${JSON.stringify(report.requests)}.`);
      for (const user of report.staff) {
        console.log(`Staff ${user.role}: ${user.email} / ${user.password} (shown once)`);
      }
    },
  },
  ...AUDIT_COMMANDS,
  ...MAIL_COMMANDS,
  ...SUPPRESSION_COMMANDS,
  'deletions:replay': {
    usage:
      'deletions:replay --system <key> [--map <file>]  delete again, from a system restored from backup, everyone deleted from it before',
    valueOptions: ['system', 'map'],
    async run({ options, databaseUrl, withDependencies }) {
      const { system, map } = parseOrRefuse(
        z.object({
          system: storableText().regex(/^[a-z0-9_]+$/),
          map: storableText().default(SAMPLE_DATA_MAP_FILE),
        }),
        options,
        {
          usage:
            'deletions:replay needs --system <key> (a system of the data map), and optionally --map <file>',
        },
      );
      const report = await withDependencies(async (deps) => {
        try {
          const target = await loadReplayTarget(deps.config, {
            mapFile: map,
            systemKey: system,
            databaseUrl,
          });
          return await replayDeletions(deps, target);
        } catch (error) {
          if (error instanceof ReplayTargetError) throw new UsageError(error.message);
          throw error;
        }
      });
      console.log(
        `${system}: checked ${report.identitiesChecked} records, found ${report.identitiesMatched} deleted people again, deleted ${report.recordsDeleted} records.`,
      );
    },
  },
};

/** The parsed value, or a usage error saying what the command needs. */
function parseOrRefuse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  { usage }: { usage: string },
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(usage);
  return parsed.data;
}

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
  const withDependencies = async <T>(work: (deps: Dependencies) => Promise<T>): Promise<T> => {
    const policy = await loadLegalPolicy(config);
    const db = createDatabase(database.url, config.databaseTimeouts);
    const connectorConfig = withDemoTelecomDatabase(config, database.url);
    try {
      const { dataMap } = await loadDataMap(connectorConfig, { demoInstalled: () => isDemoInstalled(db) });
      return await work({
        config: connectorConfig,
        db,
        logger,
        clock: systemClock,
        policy,
        dataMap,
      });
    } finally {
      await db.$disconnect();
    }
  };
  try {
    await command.run({
      positionals: rest,
      options: values,
      databaseUrl: database.url,
      ownerUrl: database.ownerUrl,
      withDependencies,
    });
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof DomainError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  } finally {
    await database.stop();
  }
}

await main();
