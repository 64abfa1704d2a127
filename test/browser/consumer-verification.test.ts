// Verification every honest consumer can finish, in a real headless Chromium:
// the automatic check forgives what staff would forgive (docs/legal-rules.md#matching).

import { describe, expect, it } from 'vitest';
import { upsertCustomers } from '../../src/services/customers/customers-repo.js';
import {
  chromiumAvailability,
  isVerificationMail,
  openMobilePage,
  useChromium,
  useListeningConsumerApp,
} from '../support/browser.js';
import type { Page } from 'playwright-core';
import { codeIn, linkTokenIn } from '../support/smtp.js';

const chromium = chromiumAvailability();
let counter = 0;
const uniqueEmail = () => `verify.${(counter += 1)}.${Date.now()}@example.com`;

describe.skipIf(!chromium.available)('verification consumers can finish, in Chromium', () => {
  const harness = useListeningConsumerApp();
  const browser = useChromium();

  it('"García" with account "PC-102978" verifies online against a record stored as "Garcia" / "PC102978"', async () => {
    const email = uniqueEmail();
    await upsertCustomers(
      harness.db,
      [
        {
          accountNumber: 'PC102978',
          firstName: 'Ana',
          lastName: 'Garcia',
          email,
          phone: null,
          address: null,
          lastInteractionDate: null,
        },
      ],
      new Date(),
    );
    const { context, page } = await openMobilePage(browser);
    await page.goto(`${harness.baseUrl}/requests/delete`);
    await page.getByLabel('First name').fill('Ana');
    await page.getByLabel('Last name').fill('García');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('State where you live').selectOption({ label: 'California' });
    await page.getByLabel('16 or older').check();
    await page.getByLabel('Account or customer number').fill('PC-102978');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/confirmation\/RD-/);
    const reference = (await page.locator('#request-reference').innerText()).trim();

    await page.goto(`${harness.baseUrl}/verify/${reference}`);
    await page.getByLabel('6-digit code').fill(codeIn(await harness.mailTo(email, isVerificationMail)));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`**/status/${reference}`);

    const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(request.status).toBe('verified');
    const record = await harness.db.verificationRecord.findFirstOrThrow({ where: { requestId: request.id } });
    expect([...record.matchedDataPoints].sort()).toEqual(['account_number', 'email', 'name']);
    await context.close();
  });

  async function submitDelete(page: Page, email: string): Promise<string> {
    await page.goto(`${harness.baseUrl}/requests/delete`);
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Lee');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('State where you live').selectOption({ label: 'California' });
    await page.getByLabel('16 or older').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/confirmation\/RD-/);
    return (await page.locator('#request-reference').innerText()).trim();
  }

  it('five wrong codes lock the code; a new code, after the cooldown, confirms the email', async () => {
    const email = uniqueEmail();
    const { context, page } = await openMobilePage(browser);
    const reference = await submitDelete(page, email);
    const first = codeIn(await harness.mailTo(email, isVerificationMail));
    const wrong = first === '000000' ? '111111' : '000000';
    await page.goto(`${harness.baseUrl}/verify/${reference}`);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel('6-digit code').fill(wrong);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('alert').first().waitFor();
    }
    // A locked code reads like a wrong one (no answer tells a stranger the reference exists),
    // and the message points to the way out: a new code.
    await expect(page.content()).resolves.toContain(
      'That code is not right or has expired. Check the email and try again, or send a new code.',
    );

    await harness.db.emailChallenge.updateMany({
      where: { request: { reference } },
      data: { lastSentAt: new Date(Date.now() - 3_600_000) },
    });
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await page.getByText('We have sent a new code.').waitFor();
    const mails = await harness.mailsTo(email, 3);
    const fresh = mails.filter(isVerificationMail).at(-1)!;
    await page.getByLabel('6-digit code').fill(codeIn(fresh));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`**/status/${reference}`);
    // No customer record: the request waits for staff, and the page does not ask for a code again.
    await page.getByText('Email confirmed, our staff are checking your details').waitFor();
    await expect(page.getByRole('link', { name: 'Confirm your email now' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('opening the emailed link with a plain GET confirms nothing; only its button does', async () => {
    const email = uniqueEmail();
    const { context, page } = await openMobilePage(browser);
    const reference = await submitDelete(page, email);
    const link = `${harness.baseUrl}/verify?token=${linkTokenIn(await harness.mailTo(email, isVerificationMail))}`;

    // What a mail scanner does: fetch the link, twice, without a browser.
    for (let scan = 1; scan <= 2; scan += 1) expect((await fetch(link)).status).toBe(200);
    const challenge = () => harness.db.emailChallenge.findFirstOrThrow({ where: { request: { reference } } });
    await expect(challenge()).resolves.toMatchObject({ consumedAt: null, confirmedAt: null });

    await page.goto(link);
    await expect(challenge()).resolves.toMatchObject({ consumedAt: null });
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.waitForURL(`**/status/${reference}`);
    await expect(challenge()).resolves.toMatchObject({ confirmedAt: expect.any(Date) });
    await context.close();
  });
});
