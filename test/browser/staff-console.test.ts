// The staff console in a real headless Chromium against the real app, PostgreSQL
// and an SMTP server on loopback.

import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { upsertCustomers } from '../../src/services/customers/customers-repo.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import type { RequestSummary } from '../../src/services/requests/request-summary.js';
import {
  chromiumAvailability,
  seriousAccessibilityViolations,
  useChromium,
  signInToConsole,
  useListeningConsumerApp,
} from '../support/browser.js';
import { submission } from '../support/services.js';
import { createStaffUser } from '../support/staff.js';

const chromium = chromiumAvailability();
let overdue: RequestSummary;
let dueSoon: RequestSummary;
const consumerEmail = `jane.roe.${Date.now()}@example.com`;

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

describe.skipIf(!chromium.available)('the staff console in Chromium', () => {
  const harness = useListeningConsumerApp();
  const browser = useChromium();

  beforeAll(async () => {
    const deps = harness.app.deps;
    await upsertCustomers(
      harness.db,
      [
        {
          accountNumber: 'AC1001',
          firstName: 'Jane',
          lastName: 'Roe',
          email: consumerEmail,
          phone: '+14155550134',
          address: { line1: '1 Market St', city: 'San Francisco', state: 'CA', postalCode: '94105' },
          lastInteractionDate: '2025-02-14',
        },
      ],
      new Date(),
    );
    const consumer = { type: 'consumer', id: null } as const;
    overdue = await submitRequest(deps, {
      input: submission('know', { receivedAt: daysAgo(50) }),
      actor: consumer,
    });
    const subject = { ...submission('delete').subject, email: consumerEmail };
    dueSoon = await submitRequest(deps, {
      input: submission('delete', { receivedAt: daysAgo(40), subject: { ...subject, state: 'CA' } }),
      actor: consumer,
    });
    await harness.deliverMail();
  });

  it('an officer signs in with TOTP, filters to overdue, verifies, extends (the consumer is mailed) and completes', async () => {
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInToConsole(page, harness.baseUrl, officer);
    await page.waitForURL(`${harness.baseUrl}/staff`);

    await page.getByLabel('Overdue only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/overdue=true/);
    const rows = page.locator('table.queue tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    expect(await rows.first().innerText()).toContain(overdue.reference);
    expect(await rows.first().innerText()).toMatch(/Overdue by \d+ days/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The overdue one can no longer be extended; the officer takes the one due soonest after it.
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.getByLabel('Due within (days)').fill('7');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: dueSoon.reference }).click();
    await page.waitForURL(`**/staff/requests/${dueSoon.id}`);
    expect(await page.locator('table.identity').innerText()).toContain('AC1001');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await expect(page.getByLabel('account number', { exact: true }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('#request-status').innerText()).resolves.toBe('verified');
    await page.getByRole('button', { name: 'Start work' }).click();
    await expect(page.locator('#request-status').innerText()).resolves.toBe('in progress');

    await page
      .getByLabel(/reason told to the consumer/)
      .fill('Our billing archive needs more time to search.');
    await page.getByRole('button', { name: 'Extend deadline' }).click();
    await page.waitForURL(/done=extend/);
    const notice = await harness.mailTo(consumerEmail, (mail) => /more time/i.test(mail.subject));
    expect(notice.subject).toContain(dueSoon.reference);
    expect(notice.text).toContain('Our billing archive needs more time to search.');

    await page.getByLabel('Summary for the consumer').fill('We deleted your personal information.');
    await page.getByRole('button', { name: 'Complete request' }).click();
    await expect(page.locator('#request-status').innerText()).resolves.toBe('completed');
    await context.close();
  });

  it('a call-center agent logs a phone request from the keyboard, under ten keystrokes per field, and cannot open the queue', async () => {
    const agent = await createStaffUser(harness.db, harness.config, { role: 'call_center_agent' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInToConsole(page, harness.baseUrl, agent);
    await page.waitForURL('**/staff/intake');

    // Autofocus applies at the page's next rendering, which may come after its load event.
    const focusLandsOn = (id: string) =>
      expect.poll(() => page.locator(':focus').getAttribute('id')).toBe(id);
    const keystrokes: Record<string, number> = {};
    /** Types into the focused field, then Tab to the next: every key counted against the field. */
    const field = async (name: string, keys: string[], text = '') => {
      for (const key of keys) await page.keyboard.press(key);
      if (text) await page.keyboard.type(text);
      keystrokes[name] = keys.length + text.length;
    };
    // Focus starts on the request type (autofocus).
    await focusLandsOn('type');
    await field('type', ['d', 'Tab']);
    await field('firstName', [], 'Jane');
    await page.keyboard.press('Tab');
    keystrokes.firstName! += 1;
    await field('lastName', [], 'Roe');
    await page.keyboard.press('Tab');
    keystrokes.lastName! += 1;
    await field('email', [], 'j@roe.us');
    await field('skip phone', ['Tab', 'Tab']);
    await field('accountNumber', [], 'AC1001');
    // Enter finds the customer record and shows it beside the answers; focus lands on the first check.
    await page.keyboard.press('Enter');
    keystrokes.accountNumber! += 1;
    await page.waitForURL('**/staff/intake/lookup');
    await focusLandsOn('confirmed-name');
    expect(await page.locator('fieldset.record').innerText()).toContain('AC1001');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await field('confirm name', ['Space', 'Tab', 'Tab', 'Tab', 'Tab']);
    await field('confirm account number', ['Space', 'Tab']);
    await field('skip last interaction', ['Tab']);
    await field('callReference', [], 'C-77');
    await page.keyboard.press('Tab');
    keystrokes.callReference! += 1;
    await field('call time (now)', ['Tab']);
    await field('confirmation by email', ['Tab']);
    await field('attestation', ['Space', 'Tab']);
    await field('submit', ['Enter']);
    await page.waitForURL(/\/staff\/intake\?logged=RD-/);
    const reference = (await page.locator('#logged strong').innerText()).trim();

    for (const [name, count] of Object.entries(keystrokes)) expect(count, name).toBeLessThan(10);
    const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(request.channel).toBe('phone');
    expect(request.type).toBe('delete');
    const note = await harness.db.requestNote.findFirstOrThrow({ where: { requestId: request.id } });
    expect(note.body).toContain('name, account_number');
    expect(note.body).toContain('C-77');
    await harness.mailTo('j@roe.us');

    const queue = await page.goto(`${harness.baseUrl}/staff`);
    expect(queue?.status()).toBe(403);
    const other = await page.goto(`${harness.baseUrl}/staff/requests/${overdue.id}`);
    expect(other?.status()).toBe(403);
    await context.close();
  });

  it('an auditor reads a request with every action button absent, and the API refuses the action', async () => {
    const auditor = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInToConsole(page, harness.baseUrl, auditor);
    await page.waitForURL(`${harness.baseUrl}/staff`);
    await page.getByRole('link', { name: overdue.reference }).click();
    await page.waitForURL(`**/staff/requests/${overdue.id}`);
    expect(await page.locator('main').innerText()).toContain('Timeline');
    await expect(page.locator('main button').count()).resolves.toBe(0);
    await expect(page.locator('main form').count()).resolves.toBe(0);
    await expect(page.locator('#actions-heading').count()).resolves.toBe(0);

    const { token } = await createApiToken(
      { db: harness.db, clock: { now: () => new Date() } },
      { input: { name: 'auditor tool', role: 'auditor' }, actor: { type: 'system', id: 'test' } },
    );
    const api = await page.request.post(`${harness.baseUrl}/api/v1/staff/requests/${overdue.id}/start`, {
      headers: { authorization: `Bearer ${token}` },
      data: {},
    });
    expect(api.status()).toBe(403);
    const console = await page.request.post(`${harness.baseUrl}/staff/requests/${overdue.id}/start`, {
      form: {},
    });
    expect(console.status()).toBe(403);
    await context.close();
  });
});
