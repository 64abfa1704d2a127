// A bad data map stops the server before it listens, with one line per problem naming
// the system and the key; a good one is named in the start-up log. Without DATA_MAP_FILE
// the map is empty, unless demo:seed has set up the sample telecom: then it is the sample map.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCustomers } from '../../src/services/demo/demo-seed.js';
import { demoTelecomDatabaseUrl } from '../../src/services/demo/demo-telecom-repo.js';
import { seedDemoTelecom } from '../../src/services/demo/seed-demo-telecom.js';
import { parseDataMap } from '../../src/services/fulfilment/load-data-map.js';
import { PROCESS_TEST_TIMEOUT_MS, startServerProcess, waitUntilReady } from '../support/server-process.js';
import { useServiceHarness } from '../support/services.js';

const BAD_MAP = `
systems:
  - key: crm
    name: Customer CRM
    categories: [identifiers, star_sign]
    connector:
      kind: postgres
      urlEnv: CRM_DATABASE_URL
      access: SELECT * FROM customers WHERE email = :emial
      delete: DELET FROM customers WHERE email = :email
  - key: crm
    name: Second CRM
    connector: { kind: webhook, url: http://partner.example/privacy, secretEnv: ADTECH_SECRET }
  - key: recordings
    name: Call recordings
    connector: { kind: manual }
`;

const variables = (values: Record<string, string>) => ({ connectorVariable: (name: string) => values[name] });

async function problemsOf(text: string, values: Record<string, string> = {}): Promise<string[]> {
  try {
    await parseDataMap('map.yaml', text, variables(values));
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
}

describe('checking the data map', () => {
  it('names every problem with its system and key', async () => {
    // The category is refused by the schema, before the checks that need a valid shape.
    expect(await problemsOf(BAD_MAP)).toEqual([expect.stringMatching(/^system crm: categories\.1: /)]);
    const problems = await problemsOf(BAD_MAP.replace(', star_sign', ''));
    expect(problems).toEqual([
      'system crm: key: used by more than one system',
      'system crm: connector.urlEnv: environment variable CRM_DATABASE_URL is not set',
      'system crm: connector.access: unknown parameter :emial',
      expect.stringMatching(
        /^system crm: connector\.delete: SQL does not parse: syntax error at or near "DELET"/,
      ),
      'system crm: connector.url: must be an https:// URL (http:// only on loopback)',
      'system crm: connector.secretEnv: environment variable ADTECH_SECRET is not set',
      'system recordings: owner: a manual system needs an owner to do its tasks',
    ]);
  });

  it('refuses an access statement that is not a SELECT, since it runs in a read-only session', async () => {
    const map = `systems:
  - key: crm
    name: Customer CRM
    categories: [identifiers]
    connector:
      kind: postgres
      urlEnv: CRM_DATABASE_URL
      access: SET default_transaction_read_only = off
      delete: DELETE FROM customers WHERE email = :email
`;
    expect(await problemsOf(map, { CRM_DATABASE_URL: 'postgresql://127.0.0.1/crm' })).toEqual([
      'system crm: connector.access: must be a SELECT',
    ]);
  });

  it('accepts an empty map and a correct one', async () => {
    expect(await parseDataMap('map.yaml', 'systems: []', variables({}))).toEqual({ systems: [] });
    const map = await parseDataMap(
      'map.yaml',
      `systems:
  - key: crm
    name: Customer CRM
    categories: [identifiers, customer_records]
    fields: { email: identifiers, ssn_last4: { category: identifiers, withhold: true } }
    connector:
      kind: postgres
      urlEnv: CRM_DATABASE_URL
      access: SELECT * FROM customers WHERE lower(email) = lower(:email)
      delete: DELETE FROM customers WHERE lower(email) = lower(:email)
      correct: UPDATE customers SET {{field}} = :value WHERE lower(email) = lower(:email)
`,
      variables({ CRM_DATABASE_URL: 'postgresql://127.0.0.1/crm' }),
    );
    expect(map.systems[0]?.fields).toEqual({
      email: { category: 'identifiers', withhold: false },
      ssn_last4: { category: 'identifiers', withhold: true },
    });
  });

  it(
    'stops npm start with a line per problem',
    async () => {
      const directory = await mkdtemp(path.join(tmpdir(), 'data-map-'));
      const file = path.join(directory, 'map.yaml');
      await writeFile(file, BAD_MAP.replace(', star_sign', ''));
      const server = await startServerProcess({
        DATA_MAP_FILE: file,
        DATABASE_URL: 'postgresql://127.0.0.1:1/none',
      });
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(`${file} is not a valid data map:`);
      expect(server.output()).toContain('  system crm: connector.access: unknown parameter :emial');
      expect(server.output()).toContain('  system recordings: owner: a manual system needs an owner');
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

describe('the data map with no DATA_MAP_FILE', () => {
  const harness = useServiceHarness();

  /** The start-up log's line naming the map, from a server on the harness's database. */
  async function dataMapLineOfStart(): Promise<string> {
    const server = await startServerProcess({
      DATABASE_URL: harness.databaseUrl,
      MIGRATION_DATABASE_URL: harness.ownerDatabaseUrl,
    });
    try {
      await waitUntilReady(server, PROCESS_TEST_TIMEOUT_MS / 2);
      const lines = server
        .output()
        .split('\n')
        .flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as { msg?: string }] : []));
      return lines.map((line) => line.msg ?? '').find((message) => message.startsWith('data map:')) ?? '';
    } finally {
      server.child.kill('SIGINT');
      await server.exited;
    }
  }

  it(
    'is empty, then the sample map once demo:seed has set up the sample telecom',
    async () => {
      expect(await dataMapLineOfStart()).toBe(
        'data map: none (DATA_MAP_FILE is not set): no fulfilment tasks',
      );

      await seedDemoTelecom(
        { db: harness.db, databaseUrl: harness.databaseUrl, ownerUrl: harness.ownerDatabaseUrl },
        demoCustomers(10),
      );
      try {
        // The telecom database's URL is derived from the server's: nothing to set.
        expect(await dataMapLineOfStart()).toBe(
          "data map: config/data-map.sample.yaml, the sample telecom's (set up by demo:seed; DATA_MAP_FILE is not set) " +
            '(6 system(s): crm, billing, call_records, support, adtech, call_recordings)',
        );
      } finally {
        const name = new URL(demoTelecomDatabaseUrl(harness.databaseUrl)).pathname.slice(1);
        await harness.sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    },
    2 * PROCESS_TEST_TIMEOUT_MS,
  );
});
