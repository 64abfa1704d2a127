// The consumer's journeys in a real headless Chromium on a 390×844 screen,
// against the real app, PostgreSQL and an SMTP server on loopback.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import {
  chromiumAvailability,
  isVerificationMail,
  openMobilePage,
  samplePdf,
  seriousAccessibilityViolations,
  useChromium,
  useListeningConsumerApp,
} from '../support/browser.js';
import { codeIn, linkTokenIn } from '../support/smtp.js';

const chromium = chromiumAvailability();
let counter = 0;
const uniqueEmail = () => `browser.${(counter += 1)}.${Date.now()}@example.com`;

describe.skipIf(!chromium.available)('consumer journeys in Chromium', () => {
  const harness = useListeningConsumerApp();
  const browser = useChromium();

  it('a consumer submits a delete request, verifies with the emailed code and sees its status', async () => {
    const email = uniqueEmail();
    const { context, page } = await openMobilePage(browser);
    await page.goto(`${harness.baseUrl}/`);
    await page.getByRole('link', { name: 'Delete my personal information' }).click();
    await page.getByLabel('First name').fill('Ana');
    await page.getByLabel('Last name').fill('García');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('State where you live').selectOption({ label: 'California' });
    await page.getByLabel('16 or older').check();
    await page.getByLabel('Account or customer number').fill('AC-1001');
    await page.getByRole('button', { name: 'Send request' }).click();

    await page.waitForURL(/\/confirmation\/RD-/);
    const reference = (await page.locator('#request-reference').innerText()).trim();
    expect(reference).toMatch(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.content()).toMatch(/We respond by [A-Z][a-z]+ \d{1,2}, \d{4}/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Enter the code' }).click();
    await page.waitForURL(`**/verify/${reference}`);
    const codeMail = await harness.mailTo(email, isVerificationMail);
    await page.getByLabel('6-digit code').fill(codeIn(codeMail));
    await page.getByRole('button', { name: 'Confirm' }).click();

    await page.waitForURL(`**/status/${reference}`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`Request ${reference}`);
    expect(await page.content()).not.toContain(email);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const challenge = await harness.db.emailChallenge.findFirstOrThrow({
      where: { request: { reference }, purpose: 'request_verification' },
    });
    expect(challenge.consumedAt).not.toBeNull();
    await context.close();
  });

  it('an agent submits with a signed-permission PDF and the consumer confirms from their email', async () => {
    const consumerEmail = uniqueEmail();
    const { context, page } = await openMobilePage(browser);
    await page.goto(`${harness.baseUrl}/agents`);
    await page.getByLabel('A person').check();
    await page.getByLabel('Your name or your business’s name').fill('Pat Agent');
    await page.getByLabel('Your email address').fill('pat.agent@example.com');
    await page.getByLabel('Which request?').selectOption('delete');
    await page.getByLabel('First name').fill('Chris');
    await page.getByLabel('Last name').fill('Consumer');
    await page.getByLabel('Email address', { exact: false }).last().fill(consumerEmail);
    await page.getByLabel('State where you live').selectOption('CA');
    await page.getByLabel('Permission signed by the consumer').check();
    const pdf = samplePdf();
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'permission.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Send request' }).click();

    await page.waitForURL(/\/confirmation\/RD-/);
    const reference = (await page.locator('#request-reference').innerText()).trim();
    expect(await page.content()).toContain('We have emailed the consumer');
    const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(request).toMatchObject({ submitter: 'authorized_agent', status: 'awaiting_agent_authorization' });
    const document = await harness.db.agentDocument.findFirstOrThrow({ where: { requestId: request.id } });
    expect(document).toMatchObject({
      kind: 'signed_permission',
      mediaType: 'application/pdf',
      byteSize: pdf.length,
    });
    expect(document.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    await context.close();

    // The consumer, on their own phone, follows the one-click link in their email.
    const confirmation = await harness.mailTo(consumerEmail, isVerificationMail);
    const consumer = await openMobilePage(browser);
    await consumer.page.goto(`${harness.baseUrl}/verify?token=${linkTokenIn(confirmation)}`);
    await consumer.page.getByRole('button', { name: 'Confirm my email address' }).click();
    await consumer.page.waitForURL(`**/status/${reference}`);
    const challenge = await harness.db.emailChallenge.findFirstOrThrow({
      where: { requestId: request.id, purpose: 'agent_authorization_confirmation' },
    });
    expect(challenge.consumedAt).not.toBeNull();
    const state = (await harness.db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } }))
      .state as {
      agentAuthorization: { signedPermission: boolean; consumerConfirmedPermission: boolean };
    };
    expect(state.agentAuthorization).toMatchObject({
      signedPermission: true,
      consumerConfirmedPermission: true,
    });
    await consumer.context.close();
  });

  it('an agent asks to correct the consumer’s address; a missing field is told and the values stay', async () => {
    const consumerEmail = uniqueEmail();
    const { context, page } = await openMobilePage(browser);
    await page.goto(`${harness.baseUrl}/agents`);
    await page.getByLabel('A person').check();
    await page.getByLabel('Your name or your business’s name').fill('Pat Agent');
    await page.getByLabel('Which request?').selectOption('correct');
    await page.getByLabel('First name').fill('Chris');
    await page.getByLabel('Last name').fill('Consumer');
    await page.getByLabel('Email address', { exact: false }).last().fill(consumerEmail);
    await page.getByLabel('State where you live').selectOption('CA');
    await page.getByLabel('What information is wrong?').selectOption('postal_address');
    await page.getByLabel('What it says now').fill('1 Old Road, Fresno CA 93650');
    await page.getByLabel('Permission signed by the consumer').check();
    const document = { name: 'permission.pdf', mimeType: 'application/pdf', buffer: samplePdf() };
    await page.getByLabel('File').setInputFiles(document);
    await page.getByRole('button', { name: 'Send request' }).click();

    await page.getByRole('link', { name: 'Enter this information.' }).waitFor();
    await expect(page.getByLabel('What it says now').inputValue()).resolves.toBe(
      '1 Old Road, Fresno CA 93650',
    );
    await expect(page.getByLabel('What information is wrong?').inputValue()).resolves.toBe('postal_address');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('What it should say').fill('2 New Street, Fresno CA 93650');
    await page.getByLabel('File').setInputFiles(document);
    await page.getByRole('button', { name: 'Send request' }).click();

    await page.waitForURL(/\/confirmation\/RD-/);
    expect(await page.content()).toContain('We have emailed the consumer');
    const reference = (await page.locator('#request-reference').innerText()).trim();
    const request = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { reference },
      include: { subject: true },
    });
    expect(request).toMatchObject({ type: 'correct', status: 'awaiting_agent_authorization' });
    expect(request.subject?.correction).toMatchObject({ requestedValue: '2 New Street, Fresno CA 93650' });
    expect((await harness.mailTo(consumerEmail, isVerificationMail)).text).toContain('Pat Agent');
    await context.close();
  });

  it('a visit with Sec-GPC: 1 is honoured, and applies to the consumer once the browser is tied to their email', async () => {
    const email = uniqueEmail();
    const { token } = await createApiToken(harness.app.deps, {
      input: { name: 'downstream ad platform', role: 'integration' },
      actor: { type: 'system', id: 'browser-test' },
    });
    const preferences = async () => {
      const response = await fetch(
        `${harness.baseUrl}/api/v1/preferences?email=${encodeURIComponent(email)}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(response.status).toBe(200);
      return (await response.json()) as { doNotSellOrShare: boolean };
    };

    const { context, page } = await openMobilePage(browser, { headers: { 'Sec-GPC': '1' } });
    await page.goto(`${harness.baseUrl}/`);
    await expect(page.getByText('Opt-Out Request Honored').isVisible()).resolves.toBe(true);
    expect(await preferences()).toMatchObject({ doNotSellOrShare: false });

    // The same browser later makes a request and proves its email: the browser is now this consumer's.
    await page.goto(`${harness.baseUrl}/requests/know`);
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Lee');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('State where you live').selectOption('CA');
    await page.getByLabel('16 or older').check();
    await page.getByLabel('The categories of personal information we have about you').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/confirmation\/RD-/);
    const reference = (await page.locator('#request-reference').innerText()).trim();
    await page.goto(`${harness.baseUrl}/verify/${reference}`);
    const codeMail = await harness.mailTo(email, isVerificationMail);
    await page.getByLabel('6-digit code').fill(codeIn(codeMail));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(`**/status/${reference}`);

    expect(await preferences()).toMatchObject({ doNotSellOrShare: true });
    const browserRow = await harness.db.gpcBrowser.findFirstOrThrow({
      where: { linkedEmailNormalized: email.toLowerCase() },
    });
    expect(browserRow.requestId).not.toBeNull();
    await context.close();
  });
});
