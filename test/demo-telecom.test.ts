// The sample data map's statements against the sample telecom's own database,
// as demo:seed makes it: each access statement finds one customer's records in
// its system and no one else's, a correction changes the value, a deletion
// removes the rows; values bound, never spliced.

import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindNamedParameters } from '../src/domain/fulfilment/named-parameters.js';
import { demoCustomers } from '../src/services/demo/demo-seed.js';
import { demoTelecomDatabaseUrl } from '../src/services/demo/demo-telecom-repo.js';
import { seedDemoTelecom } from '../src/services/demo/seed-demo-telecom.js';
import { SAMPLE_DATA_MAP_FILE } from '../src/services/fulfilment/load-data-map.js';
import { useServiceHarness } from './support/services.js';

interface SampleSystem {
  key: string;
  fields: Record<string, unknown>;
  connector: { kind: string; access?: string; delete?: string; correct?: string };
}

const harness = useServiceHarness();
const CUSTOMERS = demoCustomers(30);
const client = () => new pg.Client({ connectionString: demoTelecomDatabaseUrl(harness.databaseUrl) });
let systems: SampleSystem[] = [];

async function run(sql: string, identity: Record<string, unknown>) {
  const connection = client();
  await connection.connect();
  try {
    const bound = bindNamedParameters(sql, {
      firstName: null,
      lastName: null,
      phone: null,
      accountNumber: null,
      ...identity,
    });
    return await connection.query<Record<string, unknown>>(bound.text, bound.values);
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  systems = (parse(await readFile(SAMPLE_DATA_MAP_FILE, 'utf8')) as { systems: SampleSystem[] }).systems;
  await seedDemoTelecom(
    { db: harness.db, databaseUrl: harness.databaseUrl, ownerUrl: harness.ownerDatabaseUrl },
    CUSTOMERS,
  );
});

afterAll(async () => {
  const name = new URL(demoTelecomDatabaseUrl(harness.databaseUrl)).pathname.slice(1);
  await harness.sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('the sample data map against the demo telecom database', () => {
  it("finds one customer's records in each postgres system, only theirs, every column mapped to a category", async () => {
    const customer = CUSTOMERS[4]!;
    const postgres = systems.filter((system) => system.connector.kind === 'postgres');
    expect(postgres.map((system) => system.key)).toEqual(['crm', 'billing', 'call_records', 'support']);
    for (const system of postgres.filter((candidate) => candidate.key !== 'support')) {
      const { rows } = await run(system.connector.access!, { email: customer.email!.toUpperCase() });
      expect(rows.length, system.key).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.account_number).toBe(customer.accountNumber);
        expect(Object.keys(row).filter((column) => !(column in system.fields))).toEqual([]);
      }
    }
  });

  it('corrects a value and deletes the rows of a customer, leaving the others', async () => {
    const crm = systems.find((system) => system.key === 'crm')!;
    const [customer, other] = [CUSTOMERS[9]!, CUSTOMERS[10]!];
    const correct = crm.connector.correct!.replace('{{field}}', 'postal_address');
    expect(
      (await run(correct, { email: customer.email, value: '2 Market St, San Francisco, CA, 94105' }))
        .rowCount,
    ).toBe(1);
    const after = await run(crm.connector.access!, { email: customer.email });
    expect(after.rows[0]?.postal_address).toBe('2 Market St, San Francisco, CA, 94105');

    for (const key of ['crm', 'support', 'call_records']) {
      const system = systems.find((candidate) => candidate.key === key)!;
      await run(system.connector.delete!, { email: customer.email });
      expect((await run(system.connector.access!, { email: customer.email })).rowCount, key).toBe(0);
    }
    expect((await run(crm.connector.access!, { email: other.email })).rowCount).toBe(1);
  });
});
