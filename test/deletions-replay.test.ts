// Deletions applied again to a system restored from a backup (Regs 7022(d)):
// the demo telecom's CRM gets a deleted customer back from "the backup", and
// `deletions:replay --system crm` finds them by the remembered keyed hashes
// and deletes them again, and no one else; a second run deletes nothing.

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCustomers } from '../src/services/demo/demo-seed.js';
import { demoTelecomDatabaseUrl } from '../src/services/demo/demo-telecom-repo.js';
import { seedDemoTelecom } from '../src/services/demo/seed-demo-telecom.js';
import { rememberDeletedIdentity } from '../src/services/fulfilment-report/remember-deleted-identity.js';
import { runCli } from './support/cli.js';
import { PROCESS_TEST_TIMEOUT_MS } from './support/server-process.js';
import { useServiceHarness } from './support/services.js';

const harness = useServiceHarness();
const CUSTOMERS = demoCustomers(40);
const deletedCustomer = CUSTOMERS[7]!;

async function telecom<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: demoTelecomDatabaseUrl(harness.databaseUrl) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const crmCount = () =>
  telecom(async (client) => Number((await client.query('SELECT count(*) FROM customers')).rows[0].count));
const holdsDeleted = () =>
  telecom(
    async (client) =>
      (await client.query('SELECT 1 FROM customers WHERE lower(email) = lower($1)', [deletedCustomer.email]))
        .rowCount,
  );

afterAll(async () => {
  const name = new URL(demoTelecomDatabaseUrl(harness.databaseUrl)).pathname.slice(1);
  await harness.sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('deletions:replay', () => {
  it(
    'deletes again, after a restore, exactly the people deleted before, and is safe to run twice',
    async () => {
      await seedDemoTelecom(
        { db: harness.db, databaseUrl: harness.databaseUrl, ownerUrl: harness.ownerDatabaseUrl },
        CUSTOMERS,
      );
      // The deletion as it happened: the row removed, the identity remembered as keyed hashes.
      await telecom((client) =>
        client.query('DELETE FROM customers WHERE lower(email) = lower($1)', [deletedCustomer.email]),
      );
      await harness.db.$transaction((tx) =>
        rememberDeletedIdentity(harness.deps, tx, {
          requestId: randomUUID(),
          systemKey: 'crm',
          identity: {
            email: deletedCustomer.email!.toUpperCase(),
            accountNumber: deletedCustomer.accountNumber,
          },
        }),
      );
      const stored = await harness.db.deletedIdentity.findMany();
      expect(stored.map((row) => row.kind).sort()).toEqual(['account_number', 'email']);
      expect(JSON.stringify(stored)).not.toContain(deletedCustomer.accountNumber);

      // The backup brings everyone back.
      await seedDemoTelecom(
        { db: harness.db, databaseUrl: harness.databaseUrl, ownerUrl: harness.ownerDatabaseUrl },
        CUSTOMERS,
      );
      expect(await holdsDeleted()).toBe(1);

      const first = await runCli(harness.databaseUrl, 'deletions:replay', '--system', 'crm');
      expect(first.code).toBe(0);
      expect(first.lines.at(-1)).toBe(
        'crm: checked 40 records, found 1 deleted people again, deleted 1 records.',
      );
      expect(await holdsDeleted()).toBe(0);
      expect(await crmCount()).toBe(39);

      const second = await runCli(harness.databaseUrl, 'deletions:replay', '--system', 'crm');
      expect(second.lines.at(-1)).toBe(
        'crm: checked 39 records, found 0 deleted people again, deleted 0 records.',
      );
      const audit = await harness.db.auditEvent.findMany({ where: { action: 'deletions.replayed' } });
      expect(audit.map((event) => event.payload)).toEqual([
        { systemKey: 'crm', identitiesChecked: 40, recordsDeleted: 1 },
        { systemKey: 'crm', identitiesChecked: 39, recordsDeleted: 0 },
      ]);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'refuses, with a line saying why, a system it cannot replay',
    async () => {
      const unknown = await runCli(harness.databaseUrl, 'deletions:replay', '--system', 'nowhere');
      expect(unknown.code).toBe(2);
      expect(unknown.errors).toContain('has no system "nowhere"');
      const manual = await runCli(harness.databaseUrl, 'deletions:replay', '--system', 'call_recordings');
      expect(manual.code).toBe(2);
      expect(manual.errors).toContain("ask the system's owner to re-apply deletions");
      const missing = await runCli(harness.databaseUrl, 'deletions:replay');
      expect(missing.code).toBe(2);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
