// A request to know specific pieces carried out end to end, in Chromium: an officer starts
// it; the real fulfilment worker runs the postgres tasks against the sample telecom's
// database and the webhook task against a real receiver; the system owner records the
// manual task with an export; the officer completes; the consumer follows the emailed
// link, enters a fresh emailed code and downloads the ZIP, whose report holds the
// customer's values from every system, nobody else's and no withheld value; once the
// download limit is reached the link refuses.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import {
  chromiumAvailability,
  openMobilePage,
  seriousAccessibilityViolations,
  signInToConsole,
  useChromium,
} from '../support/browser.js';
import {
  CUSTOMERS,
  RECORDINGS_OWNER,
  segmentOf,
  startFulfilmentSetting,
  submitForCustomer,
} from '../support/demo-fulfilment.js';
import { SPECIFIC_PIECES_VERIFICATION, unzip } from '../support/fulfilment.js';
import { STAFF } from '../support/services.js';
import { codeIn } from '../support/smtp.js';
import { createStaffUser } from '../support/staff.js';
import { useDuringSuite } from '../support/suite.js';

const chromium = chromiumAvailability();
const [CUSTOMER, OTHER] = [CUSTOMERS[0]!, CUSTOMERS[1]!];
describe.skipIf(!chromium.available)('fulfilment end to end in Chromium', () => {
  const setting = useDuringSuite(startFulfilmentSetting, (started) => started.close());
  const browser = useChromium();

  it('a know request is carried out in every system and its report reaches only the consumer, within its limit', async () => {
    const { harness, receiver } = setting;
    const { baseUrl, db, config } = harness;
    const email = CUSTOMER.email!;
    const requestId = await submitForCustomer(harness.app.deps, CUSTOMER, 'know', {
      know: { categories: true, specificPieces: true },
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
    expect(await setting.tasksSettled(requestId)).toEqual({
      crm: 'done',
      billing: 'done',
      adtech: 'done',
      call_recordings: 'pending',
    });
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
    const mine = (await setting.telecomRow(email))!;
    const theirs = (await setting.telecomRow(OTHER.email!))!;
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
