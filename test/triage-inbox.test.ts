// The triage inbox: a message that is not clearly a request waits for an
// officer with its deadline running from arrival; the officer creates the
// request (received at arrival), attaches the message to a request, or marks
// it not a request, through the console or the API.

import { describe, expect, it } from 'vitest';
import { computeDeadlines } from '../src/domain/deadlines.js';
import { earliestRespondBy } from '../src/domain/triage-deadline.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { useEmailChannelTestApp } from './support/inbound-mail.js';
import { createTestClock, MONDAY_MORNING } from './support/services.js';
import { createStaffUser, signIn } from './support/staff.js';

const clock = createTestClock(MONDAY_MORNING);
const harness = useEmailChannelTestApp({ clock });

interface InboxItem {
  id: string;
  from: string;
  subject: string;
  receivedAt: string;
  respondBy: string;
  text: string;
  html: string | null;
  authentication: { spf: string; dkim: string; dmarc: string };
}

async function officerToken(): Promise<string> {
  const { token } = await createApiToken(
    { db: harness.db, clock },
    { input: { name: 'inbox tool', role: 'privacy_officer' }, actor: { type: 'system', id: 'test' } },
  );
  return token;
}

async function api(token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return harness.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload && { payload }),
  });
}

async function inboxItems(token: string): Promise<InboxItem[]> {
  const response = await api(token, 'GET', '/api/v1/staff/inbox');
  expect(response.statusCode).toBe(200);
  const page = response.json<{ items: InboxItem[]; nextCursor: string | null }>();
  expect(page.nextCursor).toBeNull();
  return page.items;
}

describe('the triage inbox', () => {
  it('holds an ambiguous message with its deadline from arrival, and makes it a request received at arrival', async () => {
    await harness.send({
      from: 'Kim Lee <kim.lee@example.com>',
      subject: 'Question',
      text: 'Hello, what can you tell me about my account and privacy?',
    });
    clock.advanceHours(72);
    await harness.processInbound();
    const token = await officerToken();
    const [item] = await inboxItems(token);
    expect(item).toMatchObject({
      from: 'kim.lee@example.com',
      subject: 'Question',
      receivedAt: MONDAY_MORNING,
      respondBy: earliestRespondBy(new Date(MONDAY_MORNING), harness.app.deps.policy.deadlines),
      authentication: { spf: expect.any(String), dkim: expect.any(String), dmarc: expect.any(String) },
    });

    clock.advanceHours(24);
    const created = await api(token, 'POST', `/api/v1/staff/inbox/${item?.id}/request`, { type: 'know' });
    expect(created.statusCode).toBe(201);
    const request = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { id: created.json<{ requestId: string }>().requestId },
    });
    const fromArrival = computeDeadlines(
      { type: 'know', receivedAt: new Date(MONDAY_MORNING), extended: false },
      harness.app.deps.policy.deadlines,
    );
    expect(request.receivedAt.toISOString()).toBe(MONDAY_MORNING);
    expect(request.respondBy.toISOString().slice(0, 10)).toBe(fromArrival.respondBy);
    expect(request.channel).toBe('email');
    expect(await inboxItems(token)).toEqual([]);

    const again = await api(token, 'POST', `/api/v1/staff/inbox/${item?.id}/request`, { type: 'know' });
    expect(again.statusCode).toBe(409);
  });

  it('shows sanitized HTML, attaches a message to a request, and refuses bad input with 400', async () => {
    const token = await officerToken();
    const request = await harness.db.privacyRequest.findFirstOrThrow({
      where: { subject: { emailNormalized: 'kim.lee@example.com' } },
    });
    await harness.send({
      from: 'Kim Lee <kim.lee@example.com>',
      subject: 'Something else',
      text: 'See the formatted part.',
      headers: {},
      attachments: [],
    });
    await harness.db.inboundMessage.updateMany({
      where: { subject: 'Something else' },
      data: {
        html: '<p onclick="x()">Hi <b>there</b></p><script>alert(1)</script><img src="https://t.example/p.gif">',
      },
    });
    await harness.processInbound();
    const [item] = await inboxItems(token);
    expect(item?.html).toBe('<p>Hi <b>there</b></p>');

    const bad = await api(token, 'POST', `/api/v1/staff/inbox/${item?.id}/attach`, {
      reference: 'not a reference',
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await api(token, 'POST', `/api/v1/staff/inbox/${item?.id}/attach`, {
      reference: 'RD-0000-0000',
    });
    expect(unknown.statusCode).toBe(404);
    const attached = await api(token, 'POST', `/api/v1/staff/inbox/${item?.id}/attach`, {
      reference: request.reference.toLowerCase(),
    });
    expect(attached.statusCode).toBe(200);
    const thread = await harness.db.requestMessage.findMany({ where: { requestId: request.id } });
    expect(thread.map((message) => message.subject)).toContain('Something else');
  });

  it('lets an officer mark a message not a request from the console, with a reason, audited', async () => {
    await harness.send({
      from: 'vendor@example.com',
      subject: 'Invoice 42',
      text: 'Please find our invoice.',
    });
    await harness.processInbound();
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const browser = await signIn(harness.app, officer, clock.now());
    const page = await browser.get('/staff/inbox');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Invoice 42');
    const id = /id="message-([0-9a-f-]{36})"/.exec(page.body)?.[1];

    const empty = await browser.post(`/staff/inbox/${id}/dismiss`, { reason: '' }, '/staff/inbox');
    expect(empty.status).toBe(400);
    const dismissed = await browser.post(
      `/staff/inbox/${id}/dismiss`,
      { reason: 'A supplier invoice' },
      '/staff/inbox',
    );
    expect(dismissed.status).toBe(303);
    const stored = await harness.db.inboundMessage.findUniqueOrThrow({ where: { id: id ?? '' } });
    expect(stored).toMatchObject({ triageResolution: 'not_a_request', triageResolvedBy: officer.id });
    const audit = await harness.db.auditEvent.findFirstOrThrow({
      where: { action: 'inbound.triaged' },
      orderBy: { sequence: 'desc' },
    });
    expect(audit.payload).toMatchObject({ inboundMessageId: id, resolution: 'not_a_request' });
    expect(JSON.stringify(audit.payload)).not.toContain('supplier');
  });

  it("lets an officer download a message's attachment, as a download only, audited", async () => {
    const permission = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    await harness.send({
      from: 'agent@example.com',
      subject: 'On behalf of my client',
      text: 'My signed permission is attached.',
      attachments: [{ filename: 'permission.pdf', content: permission }],
    });
    await harness.processInbound();
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const browser = await signIn(harness.app, officer, clock.now());
    const page = await browser.get('/staff/inbox');
    const id = /id="message-([0-9a-f-]{36})"/.exec(page.body)?.[1];
    expect(page.body).toContain(`/staff/inbox/${id}/attachments/0`);

    const file = await harness.app.inject({
      method: 'GET',
      url: `/staff/inbox/${id}/attachments/0`,
      headers: { cookie: browser.cookieHeader() },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.rawPayload.equals(permission)).toBe(true);
    const missing = await harness.app.inject({
      method: 'GET',
      url: `/staff/inbox/${id}/attachments/1`,
      headers: { cookie: browser.cookieHeader() },
    });
    expect(missing.statusCode).toBe(404);
    const audit = await harness.db.auditEvent.findFirstOrThrow({
      where: { action: 'inbound.attachment_viewed' },
    });
    expect(audit.payload).toEqual({ inboundMessageId: id, index: 0 });
  });
});
