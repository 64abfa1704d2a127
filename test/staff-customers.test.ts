import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findRecordsForStaffReview } from '../src/services/customers/find-records-for-staff-review.js';
import { importCustomersCsv } from '../src/services/customers/import-customers.js';
import { findSignInLinkUser } from '../src/services/staff-accounts/staff-accounts.js';
import { runCli } from './support/cli.js';
import { PROCESS_TEST_TIMEOUT_MS } from './support/server-process.js';
import { useServiceHarness } from './support/services.js';

const harness = useServiceHarness();
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'rightsdesk-customers-'));
});

const HEADER =
  'account_number,first_name,last_name,email,phone,address_line1,address_line2,city,state,postal_code,last_interaction_date';

async function csv(name: string, lines: string[]): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, [HEADER, ...lines].join('\n'));
  return file;
}

const cli = (...args: string[]) => runCli(harness.databaseUrl, ...args);

describe('customer records', () => {
  it('imports normalised records, reports rejected rows by line and field, and is idempotent', async () => {
    const file = await csv('first.csv', [
      'ac-2001,Maria,Lopez,Maria.Lopez@Example.com,(415) 555-0199,1 Market St,,San Francisco,ca,94105,2025-02-01',
      'AC2002,Wei,Chen,,,,,,,,',
      'AC2003,Bad,Email,not-an-email,,,,,,,',
      'AC2004,Bad,Address,,,1 Main St,,Springfield,,123,',
      ',No,Account,,,,,,,,',
    ]);
    const first = await importCustomersCsv(harness.deps, file);
    expect(first.upserted).toBe(2);
    expect(first.rejected.map((row) => row.line)).toEqual([4, 5, 6]);
    expect(first.rejected[0]!.problems.join()).toContain('email');
    expect(first.rejected[1]!.problems.join()).toContain('address.postalCode');
    expect(JSON.stringify(first.rejected)).not.toContain('not-an-email');
    const maria = await harness.db.customer.findUniqueOrThrow({ where: { accountNumber: 'AC2001' } });
    expect(maria).toMatchObject({
      email: 'maria.lopez@example.com',
      phone: '+14155550199',
      addressState: 'CA',
    });

    const again = await importCustomersCsv(harness.deps, file);
    expect(again.upserted).toBe(2);
    expect(await harness.db.customer.count({ where: { accountNumber: { startsWith: 'AC200' } } })).toBe(2);
  });

  it('finds the record by account number, email or phone and tells which points match', async () => {
    const matches = await findRecordsForStaffReview(harness.db, {
      firstName: 'maria',
      lastName: 'LOPEZ',
      email: 'someone.else@example.com',
      phone: '+14155550199',
      accountNumber: 'AC 2001',
    });
    expect(matches).toHaveLength(1);
    expect(matches[0]!.matched).toEqual(['name', 'phone', 'account_number']);
    expect(matches[0]!.given).toEqual(['name', 'email', 'phone', 'account_number']);
    expect(await findRecordsForStaffReview(harness.db, { firstName: 'Maria', lastName: 'Lopez' })).toEqual(
      [],
    );
  });

  it(
    'customers:import on the command line reports rejections with exit code 1',
    { timeout: PROCESS_TEST_TIMEOUT_MS },
    async () => {
      const file = await csv('cli.csv', [
        'AC3001,Ana,Silva,ana@example.com,,,,,,,',
        'AC3002,Bad,Date,,,,,,,,2025-13-45',
      ]);
      const { code, lines } = await cli('customers:import', file);
      expect(code).toBe(1);
      expect(lines[0]).toBe('Imported 1 customer record(s); rejected 1 row(s).');
      expect(lines[1]).toContain('line 3: last_interaction_date');
    },
  );

  it(
    'staff:create prints a one-time sign-in link that works once',
    { timeout: PROCESS_TEST_TIMEOUT_MS },
    async () => {
      const { code, lines } = await cli(
        'staff:create',
        '--email',
        'Olive@Example.com',
        '--name',
        'Olive',
        '--role',
        'privacy_officer',
      );
      expect(code).toBe(0);
      const link = lines.at(-1)!;
      const token = /\/staff\/welcome\/([A-Za-z0-9_-]+)$/.exec(link)![1]!;
      const user = await findSignInLinkUser(harness.deps, token);
      expect(user).toMatchObject({ email: 'olive@example.com', role: 'privacy_officer', passwordHash: null });
      const links = await harness.db.staffSignInLink.findMany({ where: { userId: user!.id } });
      expect(links[0]!.tokenHash).not.toBe(token);
      const duplicate = await cli(
        'staff:create',
        '--email',
        'olive@example.com',
        '--name',
        'Olive',
        '--role',
        'auditor',
      );
      expect(duplicate.code).toBe(2);
    },
  );
});
