// A request to know specific pieces carried out end to end, in Chromium: an officer starts
// it; the real fulfilment worker runs the postgres tasks against the sample telecom's
// database and the webhook task against a real receiver; the system owner records the
// manual task with an export; the officer completes; the consumer follows the emailed
// link, enters a fresh emailed code and downloads the ZIP, whose report holds the
// customer's values from every system, nobody else's and no withheld value; once the
// download limit is reached the link refuses.

import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DataMapSchema } from '../../src/domain/fulfilment/data-map.js';
import { createFulfilmentWorker } from '../../src/jobs/fulfilment-worker.js';
import { demoCustomers } from '../../src/services/demo/demo-seed.js';
import { demoTelecomDatabaseUrl } from '../../src/services/demo/demo-telecom-repo.js';
import { seedDemoTelecom } from '../../src/services/demo/seed-demo-telecom.js';
import { listRequestTasks } from '../../src/services/fulfilment/fulfilment-repo.js';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import {
  chromiumAvailability,
  openMobilePage,
  seriousAccessibilityViolations,
  signInToConsole,
  startListeningConsumerApp,
  useChromium,
} from '../support/browser.js';
import { createMigratedDatabase } from '../support/database.js';
import { SPECIFIC_PIECES_VERIFICATION, unzip } from '../support/fulfilment.js';
import { STAFF, submission } from '../support/services.js';
import { codeIn } from '../support/smtp.js';
import { createStaffUser } from '../support/staff.js';
import { useDuringSuite } from '../support/suite.js';
import { startWebhookReceiver, type Delivery } from '../support/webhook-receiver.js';

const chromium = chromiumAvailability();
const CUSTOMERS = demoCustomers(3);
const [CUSTOMER, OTHER] = [CUSTOMERS[0]!, CUSTOMERS[1]!];
const RECORDINGS_OWNER = 'contact-center@example.com';

/** What the advertising partner holds of whoever the event names. */
const segmentOf = (email: string) => `segment-for-${email}`;

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
        },
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

/** The demo telecom, a webhook receiver, the app listening with the data map, and its fulfilment worker running. */
async function startFulfilmentSetting() {
  const database = await createMigratedDatabase();
  await seedDemoTelecom({ databaseUrl: database.url, ownerUrl: database.ownerUrl }, CUSTOMERS);
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
  const worker = createFulfilmentWorker(harness.app.deps);
  worker.start();
  return {
    harness,
    receiver,
    /** One customer's rows in the telecom database, as the test reads them to compare. */
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
        return rows[0]!;
      } finally {
        await client.end();
      }
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

describe.skipIf(!chromium.available)('fulfilment end to end in Chromium', () => {
  const setting = useDuringSuite(startFulfilmentSetting, (started) => started.close());
  const browser = useChromium();

  it('a know request is carried out in every system and its report reaches only the consumer, within its limit', async () => {
    const { harness, receiver } = setting;
    const { baseUrl, db, config } = harness;
    const email = CUSTOMER.email!;
    const input = submission('know', { know: { categories: true, specificPieces: true } });
    const { id: requestId } = await submitRequest(harness.app.deps, {
      input: {
        ...input,
        subject: {
          ...input.subject,
          firstName: CUSTOMER.firstName,
          lastName: CUSTOMER.lastName,
          email,
          phone: CUSTOMER.phone ?? undefined,
          accountNumber: CUSTOMER.accountNumber,
        },
      },
      actor: STAFF,
    });
    await applyRequestCommand(harness.app.deps, {
      requestId,
      action: SPECIFIC_PIECES_VERIFICATION,
      actor: STAFF,
    });

    // The officer starts the work: one task per system.
    const officer = await createStaffUser(db, config, { role: 'privacy_officer' });
    const officerContext = await browser.newContext();
    const officerPage = await officerContext.newPage();
    await signInToConsole(officerPage, baseUrl, officer);
    await officerPage.waitForURL(`${baseUrl}/staff`);
    await officerPage.goto(`${baseUrl}/staff/requests/${requestId}`);
    await officerPage.getByRole('button', { name: 'Start work' }).click();
    await expect(officerPage.locator('#request-status').innerText()).resolves.toBe('in progress');

    // The postgres and webhook tasks finish on their own; the manual one waits for its owner.
    const statusOf = async () =>
      Object.fromEntries(
        (await listRequestTasks(db, requestId)).map((task) => [task.systemKey, task.status]),
      );
    await expect
      .poll(statusOf, { timeout: 20_000, interval: 200 })
      .toEqual({ crm: 'done', billing: 'done', adtech: 'done', call_recordings: 'pending' });
    const [access] = receiver.deliveries;
    expect(access?.signatureValid).toBe(true);

    // The owner of the manual system records it with the export.
    const owner = await createStaffUser(db, config, { role: 'system_owner', email: RECORDINGS_OWNER });
    const ownerContext = await browser.newContext();
    const ownerPage = await ownerContext.newPage();
    await signInToConsole(ownerPage, baseUrl, owner);
    await ownerPage.goto(`${baseUrl}/staff/tasks`);
    await ownerPage
      .locator('table.tasks tr', { hasText: 'Call recordings' })
      .getByRole('link', { name: 'access' })
      .click();
    expect(await seriousAccessibilityViolations(ownerPage)).toEqual([]);
    await ownerPage.getByLabel('Outcome').selectOption('done');
    await ownerPage.getByLabel(/Export of the consumer's data/).setInputFiles({
      name: 'recordings.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('recording_id,summary\nREC-4471,Asked to move the fiber service\n'),
    });
    await ownerPage.getByRole('button', { name: 'Save the outcome' }).click();
    await expect(ownerPage.locator('#task-status').innerText()).resolves.toBe('done');
    await ownerContext.close();

    // The officer completes; the completion email carries the link.
    await officerPage.reload();
    await officerPage.getByLabel('Summary for the consumer').fill('Your report is ready.');
    await officerPage.getByRole('button', { name: 'Complete request' }).click();
    await expect(officerPage.locator('#request-status').innerText()).resolves.toBe('completed');
    await officerContext.close();
    const completion = await harness.mailTo(email, (mail) => mail.text.includes('/access-report?token='));
    const link = /(http:\/\/\S+\/access-report\?token=[A-Za-z0-9_-]+)/.exec(completion.text)?.[1] ?? '';

    // The consumer asks for a code, enters it and downloads the ZIP.
    const { context, page } = await openMobilePage(browser);
    await page.goto(link);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.waitForSelector('.notice-success');
    const code = codeIn(
      await harness.mailTo(email, (mail) => /\b\d{6}\b/.test(mail.text) && !mail.text.includes('token=')),
    );
    await page.locator('#field-code').fill(code);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('form[action="/access-report/download"] button[type=submit]').click(),
    ]);
    const html = (await unzip(await readFile(await download.path()))).get('report.html') ?? '';

    const report = await context.newPage();
    await report.setContent(html);
    const text = await report.locator('body').innerText();
    const mine = await setting.telecomRow(email);
    const theirs = await setting.telecomRow(OTHER.email!);
    for (const value of [
      email,
      mine.first_name!,
      mine.postal_address!,
      mine.amount_cents!,
      segmentOf(email),
      'Asked to move the fiber service',
    ]) {
      expect(text).toContain(value);
    }
    for (const value of [OTHER.email!, theirs.postal_address!, segmentOf(OTHER.email!)]) {
      expect(text).not.toContain(value);
    }
    expect(text).not.toContain(mine.portal_password_hash);
    for (const field of ['ssn last4', 'portal password hash', 'card last4']) {
      const cells = report.locator('tr', { has: report.locator(`th:text-is("${field}")`) }).locator('td');
      expect(await cells.count(), field).toBeGreaterThan(0);
      for (const cell of await cells.all()) {
        expect(await cell.getAttribute('class'), field).toBe('withheld');
      }
    }
    expect(await seriousAccessibilityViolations(report)).toEqual([]);

    // One download allowed: the link now refuses.
    await page.goto(link);
    expect(await page.locator('h1').innerText()).toBe('This report was downloaded as many times as allowed');
    await context.close();
  }, 120_000);
});
