// A caller with no email (issue 5, part 5): the receipt confirmation (Regs 7021(a))
// goes by post, from the officers' "Letters to send" page, never by SMTP.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LETTER_RECEIPT_CONFIRMATION_TOPIC } from '../src/services/mail-topics.js';
import { startConsumerTestApp, type ConsumerTestApp } from './support/consumer.js';
import { createTestClock, MONDAY_MORNING } from './support/services.js';
import { createStaffUser, signIn, type Browser } from './support/staff.js';

let harness: ConsumerTestApp;
let agentBrowser: Browser;
let officerBrowser: Browser;

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
  const clock = createTestClock(MONDAY_MORNING);
  harness = await startConsumerTestApp({ clock });
  const agent = await createStaffUser(harness.db, harness.config, { role: 'call_center_agent' });
  const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
  agentBrowser = await signIn(harness.app, agent, clock.now());
  officerBrowser = await signIn(harness.app, officer, clock.now());
});

afterAll(() => harness.close());

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
    expect(outbox.map((row) => row.topic)).toEqual([LETTER_RECEIPT_CONFIRMATION_TOPIC]);

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
