// The setting of the fulfilment acceptance tests: the sample telecom's database, a webhook
// receiver for its advertising partner, a manual system with an owner, and the app with its
// real fulfilment worker, each customer's request carried out in all of them.

import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DataMapSchema } from '../../src/domain/fulfilment/data-map.js';
import { createFulfilmentWorker } from '../../src/jobs/fulfilment-worker.js';
import { demoCustomers } from '../../src/services/demo/demo-seed.js';
import { demoTelecomDatabaseUrl } from '../../src/services/demo/demo-telecom-repo.js';
import { seedDemoTelecom } from '../../src/services/demo/seed-demo-telecom.js';
import { listRequestTasks } from '../../src/services/fulfilment/fulfilment-repo.js';
import type { CustomerRecordInput } from '../../src/services/customers/customers-repo.js';
import type { Dependencies } from '../../src/services/dependencies.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import type { RequestType } from '../../src/domain/request-types.js';
import { startListeningConsumerApp } from './browser.js';
import { STAFF, submission } from './services.js';
import { createMigratedDatabase } from './database.js';
import { startWebhookReceiver, type Delivery } from './webhook-receiver.js';

/** The sample telecom's customers the tests work with (demo:seed's first ones). */
export const CUSTOMERS = demoCustomers(4);
export const RECORDINGS_OWNER = 'contact-center@example.com';

/** What the advertising partner holds of whoever the event names. */
export const segmentOf = (email: string) => `segment-for-${email}`;

function dataMapFor(webhookUrl: string) {
  const telecom = { kind: 'postgres', urlEnv: 'TELECOM_DATABASE_URL' } as const;
  return DataMapSchema.parse({
    systems: [
      {
        key: 'crm',
        name: 'Customer CRM',
        categories: ['identifiers', 'customer_records', 'government_identifiers', 'account_credentials'],
        fields: {
          email: 'identifiers',
          first_name: 'identifiers',
          postal_address: 'customer_records',
          // Not marked withhold: Regs 7024(d) withholds these categories whatever the map says.
          ssn_last4: 'government_identifiers',
          portal_password_hash: 'account_credentials',
        },
        connector: {
          ...telecom,
          access:
            'SELECT email, first_name, postal_address, ssn_last4, portal_password_hash FROM customers WHERE lower(email) = lower(:email)',
          delete: 'DELETE FROM customers WHERE lower(email) = lower(:email)',
          correct: 'UPDATE customers SET {{field}} = :value WHERE lower(email) = lower(:email)',
        },
        corrects: { postal_address: 'postal_address' },
      },
      {
        key: 'billing',
        name: 'Billing',
        categories: ['commercial_information', 'customer_records'],
        fields: {
          amount_cents: 'commercial_information',
          card_last4: { category: 'customer_records', withhold: true },
        },
        connector: {
          ...telecom,
          access:
            'SELECT amount_cents, card_last4 FROM billing_invoices WHERE lower(billing_email) = lower(:email)',
        },
        retainOnDelete: { exception: 'legal_obligation', explanation: 'Invoices are kept for seven years.' },
      },
      {
        key: 'adtech',
        name: 'Advertising partner',
        categories: ['inferences'],
        recipients: ['ad_networks'],
        soldOrShared: true,
        fields: { segment: 'inferences' },
        connector: { kind: 'webhook', url: webhookUrl, secretEnv: 'ADTECH_WEBHOOK_SECRET' },
      },
      {
        key: 'call_recordings',
        name: 'Call recordings',
        owner: RECORDINGS_OWNER,
        categories: ['sensory_data'],
        fields: { recording_id: 'sensory_data', summary: 'sensory_data' },
        connector: { kind: 'manual' },
      },
    ],
  });
}

export type FulfilmentSetting = Awaited<ReturnType<typeof startFulfilmentSetting>>;

/**
 * The sample telecom's database (as demo:seed makes it), a webhook receiver standing for the
 * advertising partner, the app listening with a data map of postgres, webhook and manual
 * systems, and its real fulfilment worker running.
 */
export async function startFulfilmentSetting() {
  const database = await createMigratedDatabase();
  const telecomUrl = demoTelecomDatabaseUrl(database.url);
  const receiver = await startWebhookReceiver();
  receiver.script([], (delivery: Delivery) => {
    const identity = delivery.body.data.identity as { email: string };
    return delivery.body.type === 'privacy_request.access'
      ? {
          status: 200,
          body: { outcome: 'done', records: [{ fields: { segment: segmentOf(identity.email) } }] },
        }
      : { status: 200, body: { outcome: 'deleted' } };
  });
  const harness = await startListeningConsumerApp({
    database,
    dataMap: dataMapFor(receiver.url),
    environment: {
      TELECOM_DATABASE_URL: telecomUrl,
      ADTECH_WEBHOOK_SECRET: receiver.secret,
      ACCESS_PACKAGE_DOWNLOAD_LIMIT: '1',
      FULFILMENT_POLL_INTERVAL_MS: '100',
    },
  });
  await seedDemoTelecom(
    { db: harness.app.deps.db, databaseUrl: database.url, ownerUrl: database.ownerUrl },
    CUSTOMERS,
  );
  const worker = createFulfilmentWorker(harness.app.deps);
  worker.start();
  return {
    harness,
    receiver,
    /** One customer's profile (and an invoice amount) in the telecom database, undefined once deleted. */
    async telecomRow(email: string) {
      const client = new pg.Client({ connectionString: telecomUrl });
      await client.connect();
      try {
        const { rows } = await client.query<Record<string, string>>(
          `SELECT c.first_name, c.postal_address, c.ssn_last4, c.portal_password_hash,
             (SELECT min(amount_cents)::text FROM billing_invoices WHERE billing_email = c.email) AS amount_cents
           FROM customers c WHERE c.email = $1`,
          [email],
        );
        return rows[0];
      } finally {
        await client.end();
      }
    },
    /** How many invoices the telecom's billing holds for `email`. */
    async invoiceCount(email: string) {
      const client = new pg.Client({ connectionString: telecomUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          'SELECT count(*) FROM billing_invoices WHERE billing_email = $1',
          [email],
        );
        return Number(rows[0]!.count);
      } finally {
        await client.end();
      }
    },
    /** The request's tasks by system, once none is running or waiting for the worker any more. */
    async tasksSettled(requestId: string) {
      const open = new Set(['running', 'waiting_callback']);
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(200)) {
        const tasks = await listRequestTasks(harness.db, requestId);
        const automated = tasks.filter((task) => task.connector !== 'manual');
        if (automated.every((task) => task.status !== 'pending' && !open.has(task.status))) {
          return Object.fromEntries(tasks.map((task) => [task.systemKey, task.status]));
        }
      }
      throw new Error('the automated tasks did not finish within 20 s');
    },
    async close() {
      await worker.stop();
      await receiver.close();
      const owner = new pg.Client({ connectionString: database.ownerUrl });
      await owner.connect();
      const name = new URL(telecomUrl).pathname.slice(1);
      await owner.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await owner.end();
      await harness.close();
    },
  };
}

/** A request of `type` logged by staff for a telecom customer, with what `submission` adds; answers its id. */
export async function submitForCustomer(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'policy' | 'logger' | 'dataMap'>,
  customer: CustomerRecordInput,
  type: RequestType,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const input = submission(type, overrides);
  const { id } = await submitRequest(deps, {
    input: {
      ...input,
      subject: {
        ...input.subject,
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email ?? undefined,
        phone: customer.phone ?? undefined,
        accountNumber: customer.accountNumber,
      },
    },
    actor: STAFF,
  });
  return id;
}
