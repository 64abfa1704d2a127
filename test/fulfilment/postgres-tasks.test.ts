// The postgres connector against a real second database standing for a business system:
// an access request reads the consumer's rows under their categories (withheld values never
// stored), a deletion deletes them (a system kept under an exception is not touched), a
// correction changes the mapped column, and the request completes once every task ended.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { DataMapSchema } from '../../src/domain/fulfilment/data-map.js';
import { createFulfilmentWorker } from '../../src/jobs/fulfilment-worker.js';
import type { Dependencies } from '../../src/services/dependencies.js';
import { listRequestTasks, listTaskResults } from '../../src/services/fulfilment/fulfilment-repo.js';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import { createEmptyDatabase, type TestDatabase } from '../support/database.js';
import { STAFF, submitted, useServiceHarness, VERIFY_TWO_POINTS } from '../support/services.js';

const harness = useServiceHarness();
let crm: TestDatabase;
let crmSql: pg.Client;
let deps: Dependencies;

const VERIFY_FOR_SPECIFIC_PIECES = {
  ...VERIFY_TWO_POINTS,
  dataPoints: ['name', 'email', 'phone'],
  emailControlProven: true,
  declarationSigned: true,
} as const;

beforeAll(async () => {
  crm = await createEmptyDatabase();
  crmSql = new pg.Client({ connectionString: crm.ownerUrl });
  await crmSql.connect();
  await crmSql.query(`
    CREATE TABLE customers (email text, phone text, postal_code text, ssn_last4 text, plan text);
    CREATE TABLE invoices (email text, amount numeric);
    INSERT INTO customers VALUES
      ('jane.roe@example.com', '+14155550134', '94105', '1234', 'Unlimited'),
      ('someone.else@example.com', '+14155550199', '10001', '9999', 'Basic');
    INSERT INTO invoices VALUES ('jane.roe@example.com', 42.5);`);
  const dataMap = DataMapSchema.parse({
    systems: [
      {
        key: 'crm',
        name: 'Customer CRM',
        categories: ['identifiers', 'customer_records', 'commercial_information'],
        fields: {
          email: 'identifiers',
          phone: 'identifiers',
          postal_code: 'customer_records',
          ssn_last4: { category: 'identifiers', withhold: true },
          plan: 'commercial_information',
        },
        corrects: { postal_address: 'postal_code' },
        connector: {
          kind: 'postgres',
          urlEnv: 'CRM_DATABASE_URL',
          access:
            'SELECT email, phone, postal_code, ssn_last4, plan FROM customers WHERE lower(email) = lower(:email)',
          delete: 'DELETE FROM customers WHERE lower(email) = lower(:email)',
          correct: 'UPDATE customers SET {{field}} = :value WHERE lower(email) = lower(:email)',
        },
      },
      {
        key: 'billing',
        name: 'Billing',
        categories: ['commercial_information'],
        fields: { amount: 'commercial_information' },
        connector: {
          kind: 'postgres',
          urlEnv: 'CRM_DATABASE_URL',
          access: 'SELECT amount FROM invoices WHERE lower(email) = lower(:email)',
        },
        retainOnDelete: {
          exception: 'legal_obligation',
          explanation: 'Invoices are kept for seven years for tax law.',
        },
      },
    ],
  });
  const config = loadConfig({
    DATABASE_URL: harness.databaseUrl,
    LOG_LEVEL: 'silent',
    CRM_DATABASE_URL: crm.ownerUrl,
  });
  deps = { ...harness.deps, config, dataMap };
});

afterAll(async () => {
  await crmSql?.end();
  await crm?.drop();
});

async function started(type: 'know' | 'delete' | 'correct', overrides: Record<string, unknown> = {}) {
  const requestId = await submitted(harness, type, overrides);
  const verify = type === 'know' ? VERIFY_FOR_SPECIFIC_PIECES : VERIFY_TWO_POINTS;
  await applyRequestCommand(deps, { requestId, action: verify, actor: STAFF });
  await applyRequestCommand(deps, { requestId, action: { kind: 'start' }, actor: STAFF });
  const worker = createFulfilmentWorker(deps);
  await worker.runOnce();
  await worker.stop();
  return requestId;
}

describe('postgres tasks', () => {
  it('answers a know request for specific pieces with the rows of every system, withheld values left out', async () => {
    const requestId = await started('know', {
      know: { categories: true, specificPieces: true },
      declaration: { signedName: 'Jane Roe', accepted: true },
    });
    const results = await listTaskResults(harness.db, requestId);
    const crmResult = results.find((result) => result.systemKey === 'crm');
    expect(crmResult).toMatchObject({ kind: 'access', status: 'done' });
    expect(crmResult?.result?.records).toEqual([
      {
        category: 'identifiers',
        fields: { email: 'jane.roe@example.com', phone: '+14155550134', ssn_last4: { withheld: true } },
      },
      { category: 'customer_records', fields: { postal_code: '94105' } },
      { category: 'commercial_information', fields: { plan: 'Unlimited' } },
    ]);
    expect(JSON.stringify(results)).not.toContain('1234');
    expect(JSON.stringify(results)).not.toContain('someone.else');
    expect(results.find((result) => result.systemKey === 'billing')?.result?.records).toEqual([
      { category: 'commercial_information', fields: { amount: '42.5' } },
    ]);
  });

  it('deletes the rows mapped for deletion and keeps billing under its exception', async () => {
    const requestId = await started('delete');
    const tasks = await listRequestTasks(harness.db, requestId);
    expect(tasks.map((task) => [task.systemKey, task.kind, task.status, task.result])).toEqual([
      [
        'billing',
        'delete',
        'done',
        {
          outcome: 'retained',
          exception: 'legal_obligation',
          explanation: 'Invoices are kept for seven years for tax law.',
        },
      ],
      ['crm', 'delete', 'done', { outcome: 'deleted' }],
    ]);
    const left = await crmSql.query(`SELECT email FROM customers ORDER BY email`);
    expect(left.rows).toEqual([{ email: 'someone.else@example.com' }]);
    expect((await crmSql.query(`SELECT count(*)::int AS n FROM invoices`)).rows[0]).toEqual({ n: 1 });
    await applyRequestCommand(deps, {
      requestId,
      action: { kind: 'complete', summary: 'Done.' },
      actor: STAFF,
    });
  });

  it('corrects the mapped column in the systems that hold the corrected piece only', async () => {
    await crmSql.query(
      `INSERT INTO customers VALUES ('jane.roe@example.com', '+14155550134', '94105', '1234', 'Unlimited')`,
    );
    const requestId = await started('correct', {
      correction: { field: 'postal_address', currentValue: '94105', requestedValue: '94107' },
    });
    const tasks = await listRequestTasks(harness.db, requestId);
    expect(tasks.map((task) => [task.systemKey, task.kind, task.status, task.result])).toEqual([
      ['crm', 'correct', 'done', { outcome: 'corrected' }],
    ]);
    const row = await crmSql.query(`SELECT postal_code FROM customers WHERE email = 'jane.roe@example.com'`);
    expect(row.rows).toEqual([{ postal_code: '94107' }]);
  });
});
