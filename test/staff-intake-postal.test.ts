// A caller with no email (docs/legal-rules.md#letters-for-requesters-without-email):
// the receipt confirmation (Regs 7021(a)) and every later notice (the extension
// and its reason, Regs 7021(b); the completion; the denial and its reasons,
// Civ. 1798.145) go by post, from the officers' "Letters to send" page, never
// as email rows that can only fail.

import { beforeAll, describe, expect, it } from 'vitest';
import { LETTERS_PER_PAGE } from '../src/services/notices/list-letters-to-send.js';
import type { CookieClient } from './support/cookie-client.js';
import { useConsumerTestApp } from './support/consumer.js';
import { createTestClock, MONDAY_MORNING } from './support/services.js';
import { createStaffUser, signIn } from './support/staff.js';

const clock = createTestClock(MONDAY_MORNING);
const harness = useConsumerTestApp({ clock });
let agentBrowser: CookieClient;
let officerBrowser: CookieClient;

const CALLER = {
  type: 'delete',
  firstName: 'Rosa',
  lastName: 'Postal',
  email: '',
  addressLine1: '12 Letterbox Lane',
  addressCity: 'Fresno',
  addressState: 'CA',
  addressPostalCode: '93701',
  state: 'CA',
  callReference: 'CALL-POST-1',
  attestation: 'on',
  confirmationBy: 'email',
};

beforeAll(async () => {
  const agent = await createStaffUser(harness.db, harness.config, { role: 'call_center_agent' });
  const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
  agentBrowser = await signIn(harness.app, agent, clock.now());
  officerBrowser = await signIn(harness.app, officer, clock.now());
});

describe('phone intake of a caller with a postal address only', () => {
  it('logs the request and queues its confirmation as a letter that staff mark sent', async () => {
    const response = await agentBrowser.post('/staff/intake', CALLER, '/staff/intake');
    expect(response.statusCode).toBe(303);
    const reference = /logged=(RD-[0-9A-Z-]+)/.exec(response.headers.location as string)![1]!;
    const request = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { reference },
      include: { subject: true },
    });
    expect(request.subject?.email).toBeNull();
    expect(request.subject?.addressLine1).toBe('12 Letterbox Lane');

    const outbox = await harness.db.outboxMessage.findMany({
      where: { payload: { path: ['requestId'], equals: request.id } },
    });
    expect(outbox.map((row) => row.topic)).toEqual(['letter.receipt_confirmation']);

    // The mail worker leaves letters alone: nothing is sent, nothing fails.
    await harness.deliverMail();
    expect(harness.smtp.messages).toHaveLength(0);
    const letter = await harness.db.outboxMessage.findUniqueOrThrow({ where: { id: outbox[0]!.id } });
    expect(letter.status).toBe('pending');
    expect(letter.attempts).toBe(0);

    // Agents do not post letters; officers do.
    expect((await agentBrowser.get('/staff/letters')).statusCode).toBe(403);
    const page = await officerBrowser.get('/staff/letters');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(reference);
    expect(page.body).toContain('12 Letterbox Lane');
    expect(page.body).toContain('Fresno, CA 93701');
    expect(page.body).toContain('We will respond by');

    const marked = await officerBrowser.post(`/staff/letters/${letter.id}/sent`, {}, '/staff/letters');
    expect(marked.statusCode).toBe(303);
    expect(marked.headers.location).toBe(`/staff/letters?marked=${reference}`);
    const sent = await harness.db.outboxMessage.findUniqueOrThrow({ where: { id: letter.id } });
    expect(sent.status).toBe('sent');
    expect(sent.sentAt).not.toBeNull();
    const audit = await harness.db.auditEvent.findFirstOrThrow({
      where: { requestId: request.id, action: 'letter.marked_sent' },
    });
    expect(audit.actorType).toBe('staff');
    expect(audit.payload).toEqual({ outboxId: letter.id, letter: 'receipt_confirmation' });
    expect((await officerBrowser.get('/staff/letters')).body).not.toContain(`<h2 id="letter-${letter.id}"`);

    // A second marking is refused, and records nothing more.
    const again = await officerBrowser.post(`/staff/letters/${letter.id}/sent`, {}, '/staff/letters');
    expect(again.statusCode).toBe(409);
    expect(
      await harness.db.auditEvent.count({ where: { requestId: request.id, action: 'letter.marked_sent' } }),
    ).toBe(1);
  });

  it('asks for an email or a postal address when the caller gives neither', async () => {
    const before = await harness.db.privacyRequest.count();
    const response = await agentBrowser.post(
      '/staff/intake',
      { ...CALLER, addressLine1: '', addressCity: '', addressState: '', addressPostalCode: '' },
      '/staff/intake',
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('enter an email address or a full postal address');
    expect(await harness.db.privacyRequest.count()).toBe(before);
  });
});

describe('a web consumer without an email', () => {
  it('is refused with a message on the email field', async () => {
    const before = await harness.db.privacyRequest.count();
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        type: 'delete',
        subject: {
          firstName: 'Ana',
          lastName: 'García',
          state: 'CA',
          address: { line1: '1 Main St', city: 'Fresno', state: 'CA', postalCode: '93701' },
        },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('subject.email');
    expect(await harness.db.privacyRequest.count()).toBe(before);
  });
});

/** Logs a postal-only caller by phone and verifies them; answers the request page and id. */
async function loggedAndVerified(overrides: Record<string, string> = {}) {
  const caller = { ...CALLER, callReference: 'CALL-POST-2', confirmationBy: 'mail', ...overrides };
  const logged = await agentBrowser.post('/staff/intake', caller, '/staff/intake');
  expect(logged.statusCode, logged.body).toBe(303);
  const reference = /logged=(RD-[0-9A-Z-]+)/.exec(logged.headers.location as string)![1]!;
  const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
  const page = `/staff/requests/${request.id}`;
  const verify = await officerBrowser.post(
    `${page}/verify`,
    { method: 'records_match', dataPoints: ['name', 'postal_address'] },
    page,
  );
  expect(verify.statusCode, verify.body).toBe(303);
  return { reference, id: request.id, page };
}

async function outboxOf(requestId: string) {
  return harness.db.outboxMessage.findMany({
    where: { payload: { path: ['requestId'], equals: requestId } },
    orderBy: { createdAt: 'asc' },
  });
}

function letterOn(body: string, outboxId: string): string {
  const start = body.indexOf(`<article class="letter" aria-labelledby="letter-${outboxId}">`);
  expect(start, `letter ${outboxId} on the page`).toBeGreaterThanOrEqual(0);
  return body.slice(start, body.indexOf('</article>', start));
}

describe('notices to a consumer logged with a postal address only', () => {
  let request: { reference: string; id: string; page: string };

  beforeAll(async () => {
    request = await loggedAndVerified();
    expect((await officerBrowser.post(`${request.page}/start`, {}, request.page)).statusCode).toBe(303);
    const extend = await officerBrowser.post(
      `${request.page}/extend`,
      { reason: 'Billing archives take longer to search.' },
      request.page,
    );
    expect(extend.statusCode, extend.body).toBe(303);
    const complete = await officerBrowser.post(
      `${request.page}/complete`,
      { summary: 'We deleted the billing records we were allowed to delete.' },
      request.page,
    );
    expect(complete.statusCode, complete.body).toBe(303);
  });

  it('queues the extension and the completion as letters, which the mail worker leaves alone', async () => {
    const outbox = await outboxOf(request.id);
    expect(outbox.map((row) => row.topic)).toEqual([
      'letter.receipt_confirmation',
      'letter.extension_notice',
      'letter.request_completed',
    ]);
    await harness.deliverMail();
    expect(harness.smtp.messages).toHaveLength(0);
    const after = await outboxOf(request.id);
    expect(after.map((row) => [row.status, row.attempts])).toEqual(outbox.map(() => ['pending', 0]));
    expect(await harness.db.outboxMessage.count({ where: { status: 'failed' } })).toBe(0);
  });

  it('shows each letter with what it must say, addressed to the consumer', async () => {
    const [, extension, completion] = await outboxOf(request.id);
    const body = (await officerBrowser.get('/staff/letters')).body;

    const extensionLetter = letterOn(body, extension!.id);
    expect(extensionLetter).toContain('Extension notice (Regs 7021(b))');
    expect(extensionLetter).toContain('12 Letterbox Lane');
    expect(extensionLetter).toContain('The reason: Billing archives take longer to search.');
    expect(extensionLetter).toContain('The law allows one extension.');
    // Received Monday 3 March 2025: day 45, the last day to give the notice, is 16 April.
    expect(extensionLetter).toContain('post by <time datetime="2025-04-16">2025-04-16</time> (Regs 7021(b))');
    expect(extensionLetter).not.toContain('post without delay');
    expect(extensionLetter).not.toContain(`id="late-${extension!.id}"`);
    expect(extensionLetter).toContain(request.reference);

    const completionLetter = letterOn(body, completion!.id);
    expect(completionLetter).toContain('Response: request completed');
    expect(completionLetter).toContain(
      'What we did: We deleted the billing records we were allowed to delete.',
    );
    expect(completionLetter).toContain('Fresno, CA 93701');
  });

  it('flags an extension letter still unposted after the first response period as late', async () => {
    const [, extension] = await outboxOf(request.id);
    expect(extension!.payload).toEqual({
      requestId: request.id,
      reason: 'Billing archives take longer to search.',
      previousRespondBy: '2025-04-16',
    });
    // The officer's session would lapse over six weeks: a fresh one, then back to the start.
    clock.set('2025-04-17T18:00:00.000Z');
    try {
      const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
      const later = await signIn(harness.app, officer, clock.now());
      const letter = letterOn((await later.get('/staff/letters')).body, extension!.id);
      expect(letter).toContain(`id="late-${extension!.id}"`);
      expect(letter).toContain('Its post-by date, 2025-04-16, has passed.');
      expect(letter).toContain('within the first response period (Regs 7021(b))');
    } finally {
      clock.set(MONDAY_MORNING);
    }
  });

  it('asks for an extension letter queued without the first respond-by date to go without delay', async () => {
    const legacy = await harness.db.outboxMessage.create({
      data: {
        topic: 'letter.extension_notice',
        payload: { requestId: request.id, reason: 'Billing archives take longer to search.' },
        createdAt: new Date(MONDAY_MORNING),
      },
    });
    try {
      const letter = letterOn((await officerBrowser.get('/staff/letters')).body, legacy.id);
      expect(letter).toContain('post without delay');
      expect(letter).toContain('The reason: Billing archives take longer to search.');
      expect(letter).not.toContain(`id="late-${legacy.id}"`);
    } finally {
      await harness.db.outboxMessage.delete({ where: { id: legacy.id } });
    }
  });

  it('marks an extension letter sent, recording which notice was posted', async () => {
    const [, extension] = await outboxOf(request.id);
    const marked = await officerBrowser.post(`/staff/letters/${extension!.id}/sent`, {}, '/staff/letters');
    expect(marked.statusCode, marked.body).toBe(303);
    expect(marked.headers.location).toBe(`/staff/letters?marked=${request.reference}`);
    const sent = await harness.db.outboxMessage.findUniqueOrThrow({ where: { id: extension!.id } });
    expect(sent.status).toBe('sent');
    const audit = await harness.db.auditEvent.findFirstOrThrow({
      where: { requestId: request.id, action: 'letter.marked_sent' },
    });
    expect(audit.payload).toEqual({ outboxId: extension!.id, letter: 'extension_notice' });
    const body = (await officerBrowser.get('/staff/letters')).body;
    expect(body).not.toContain(`id="letter-${extension!.id}"`);
  });

  it('writes a denial letter with its reasons in the consumer’s language', async () => {
    const denied = await loggedAndVerified({ callReference: 'CALL-POST-3', firstName: 'Lucía' });
    await harness.db.privacyRequest.update({ where: { id: denied.id }, data: { language: 'es' } });
    const deny = await officerBrowser.post(
      `${denied.page}/deny`,
      {
        reasonCode: 'deletion_exception',
        explanation: 'Guardamos las facturas por obligación fiscal.',
        exception: 'legal_obligation',
      },
      denied.page,
    );
    expect(deny.statusCode, deny.body).toBe(303);
    const letter = (await outboxOf(denied.id)).find((row) => row.topic === 'letter.request_denied');
    expect(letter).toBeDefined();
    await harness.deliverMail();
    expect(harness.smtp.messages).toHaveLength(0);

    const body = (await officerBrowser.get('/staff/letters')).body;
    const text = letterOn(body, letter!.id);
    expect(text).toContain('Denial and its reasons (Civ. 1798.145)');
    expect(text).toContain('Hola, Lucía:');
    expect(text).toContain('Guardamos las facturas por obligación fiscal.');
    expect(text).toContain('1798.105(d)(8)');
  });
});

describe('the letters page', () => {
  it('pages through the letters, oldest first', async () => {
    const { id } = await harness.db.privacyRequest.findFirstOrThrow({ select: { id: true } });
    const pending = await harness.db.outboxMessage.count({
      where: { topic: { startsWith: 'letter.' }, status: 'pending' },
    });
    const extra = LETTERS_PER_PAGE + 3 - pending;
    const base = Date.parse('2030-01-01T00:00:00Z');
    await harness.db.outboxMessage.createMany({
      data: Array.from({ length: extra }, (_, index) => ({
        topic: 'letter.request_completed',
        payload: { requestId: id },
        createdAt: new Date(base + index * 1000),
      })),
    });
    const letterIds = (html: string) => [...html.matchAll(/<h2 id="letter-([0-9a-f-]+)"/g)].map((m) => m[1]);

    const first = (await officerBrowser.get('/staff/letters')).body;
    expect(letterIds(first)).toHaveLength(LETTERS_PER_PAGE);
    expect(first).not.toContain('id="first-page"');
    const next = /href="\/staff\/letters(\?after=[0-9a-f-]+)" rel="next"/.exec(first)?.[1];
    expect(next).toBeDefined();

    const second = await officerBrowser.get(`/staff/letters${next}`);
    expect(second.statusCode).toBe(200);
    expect(letterIds(second.body)).toHaveLength(3);
    expect(letterIds(second.body).filter((letterId) => letterIds(first).includes(letterId))).toEqual([]);
    expect(second.body).toContain('id="first-page"');
    expect(second.body).not.toContain('rel="next"');

    // A cursor that is no uuid shows the first page.
    expect(letterIds((await officerBrowser.get('/staff/letters?after=nope')).body)).toEqual(letterIds(first));
  });
});
