// The conversation in a real headless Chromium: an officer asks a requester who
// wrote by email for more information; the requester gets the email, replies by
// email, and the reply shows on the request page and on their status page. An
// authorized agent is written to as the agent, and the consumer does not get
// the agent's mail.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import { chromiumAvailability, signInToConsole, useChromium } from '../support/browser.js';
import { startEmailChannelTestApp } from '../support/inbound-mail.js';
import { freePort } from '../support/server-process.js';
import { submission } from '../support/services.js';
import { codeIn } from '../support/smtp.js';
import { createStaffUser, type TestStaffUser } from '../support/staff.js';
import { useDuringSuite } from '../support/suite.js';
import { NO_RATE_LIMITS } from '../support/app.js';

const chromium = chromiumAvailability();
const CONSUMER = 'maria.lopez@example.com';
const AGENT = 'pat.agent@example.com';
const AGENT_CONSUMER = 'chris.consumer@example.com';

async function startListening() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const harness = await startEmailChannelTestApp({
    environment: { PUBLIC_BASE_URL: baseUrl, ...NO_RATE_LIMITS },
  });
  await harness.app.listen({ port, host: '127.0.0.1' });
  return { ...harness, baseUrl };
}

async function signInAs(page: Page, baseUrl: string, user: TestStaffUser) {
  await signInToConsole(page, baseUrl, user);
  await page.waitForURL(`${baseUrl}/staff`);
}

async function askForInformation(page: Page, baseUrl: string, requestId: string, question: string) {
  await page.goto(`${baseUrl}/staff/requests/${requestId}`);
  await page.getByLabel(/Ask the requester for more information/).fill(question);
  await page.getByRole('button', { name: 'Send request for information' }).click();
  await page.waitForURL(/done=request_information/);
}

describe.skipIf(!chromium.available)('the conversation on a request, in Chromium', () => {
  const harness = useDuringSuite(startListening, (started) => started.close());
  const browser = useChromium();

  it('carries a question and an emailed reply to the request page and the status page', async () => {
    const requestMessageId = await harness.send({
      from: `María López <${CONSUMER}>`,
      subject: 'California Rights Request',
      text: 'Please delete my personal information.',
    });
    await harness.processInbound();
    const request = await harness.db.privacyRequest.findFirstOrThrow({
      where: { subject: { emailNormalized: CONSUMER } },
    });

    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const staffContext = await browser.newContext();
    const staffPage = await staffContext.newPage();
    await signInAs(staffPage, harness.baseUrl, officer);
    await staffPage.goto(`${harness.baseUrl}/staff/requests/${request.id}`);
    await expect(staffPage.locator('#request-language').textContent()).resolves.toContain('English');
    await askForInformation(
      staffPage,
      harness.baseUrl,
      request.id,
      'Please send us the account number you have with us.',
    );

    const question = await harness.mailTo(CONSUMER, (mail) =>
      mail.subject.startsWith('We need more information'),
    );
    expect(question.text).toContain('the account number you have with us');
    expect(question.inReplyTo).toBe(requestMessageId);
    await harness.send({
      from: `María López <${CONSUMER}>`,
      subject: `Re: ${question.subject}`,
      text: 'My account number is PC-4242.',
      inReplyTo: question.messageId ?? '',
      references: [requestMessageId, question.messageId ?? ''],
    });
    await harness.processInbound();

    await staffPage.goto(`${harness.baseUrl}/staff/requests/${request.id}`);
    const messages = staffPage.locator('#messages');
    await expect(messages.textContent()).resolves.toContain('My account number is PC-4242.');
    await expect(staffPage.locator('.message-unread').count()).resolves.toBe(1);
    await staffContext.close();

    const consumerContext = await browser.newContext();
    const consumerPage = await consumerContext.newPage();
    await consumerPage.goto(`${harness.baseUrl}/status`);
    await consumerPage.getByLabel('Reference number').fill(request.reference);
    await consumerPage.getByRole('button', { name: 'Email me a code' }).click();
    await consumerPage.waitForURL(/\/code$/);
    const codeMail = await harness.mailTo(CONSUMER, (mail) => mail.subject.includes('see the status'));
    await consumerPage.getByLabel('6-digit code').fill(codeIn(codeMail));
    await consumerPage.getByRole('button', { name: 'Show the status' }).click();
    await consumerPage.waitForURL(`${harness.baseUrl}/status/${request.reference}`);
    const conversation = await consumerPage.locator('.conversation').textContent();
    expect(conversation).toContain('My account number is PC-4242.');
    expect(conversation).toContain('the account number you have with us');
    await consumerContext.close();
  });

  it('writes to the agent of an agent request as the agent, and not to the consumer', async () => {
    const agentRequest = await submitRequest(harness.app.deps, {
      input: submission('delete', {
        channel: 'email',
        submitter: 'authorized_agent',
        agent: { kind: 'person', name: 'Pat Agent', email: AGENT },
        subject: {
          ...submission('delete').subject,
          firstName: 'Chris',
          lastName: 'Consumer',
          email: AGENT_CONSUMER,
        },
      }),
      actor: { type: 'system', id: 'browser-test' },
    });
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, harness.baseUrl, officer);
    await askForInformation(page, harness.baseUrl, agentRequest.id, 'Please send us the signed permission.');
    // The request page shows the receipt as the agent got it.
    await expect(page.locator('#messages').textContent()).resolves.toContain(
      'delete the personal information of Chris Consumer',
    );
    await context.close();

    const receipt = await harness.mailTo(AGENT, (mail) => mail.subject.startsWith('We received'));
    expect(receipt.text).toContain('authorized agent of Chris Consumer');
    expect(receipt.text).toContain('delete the personal information of Chris Consumer');
    const question = await harness.mailTo(AGENT, (mail) =>
      mail.subject.startsWith('We need more information'),
    );
    expect(question.text).toContain('Hello Pat Agent');
    expect(question.text).toContain('the signed permission');
    const toConsumer = harness.smtp.messages.filter((mail) => mail.to.includes(AGENT_CONSUMER));
    expect(
      toConsumer.some(
        (mail) => mail.text.includes('signed permission') || mail.text.includes('authorized agent of'),
      ),
    ).toBe(false);
  });
});
