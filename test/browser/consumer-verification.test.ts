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
import { codeIn } from '../support/smtp.js';

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
});
