// A call-center agent ticks the data points the caller stated correctly; the identity matcher
// checks each against the customer record, whose values the agent never sees. Enough matching
// points verify the request on the call (Regs 7062), by the agent, audited; fewer leave it to an
// officer, and its receipt then promises no code that is never sent.

import { beforeAll, describe, expect, it } from 'vitest';
import { upsertCustomers } from '../src/services/customers/customers-repo.js';
import type { CookieClient } from './support/cookie-client.js';
import { useConsumerTestApp } from './support/consumer.js';
import { createStaffUser, signIn, type TestStaffUser } from './support/staff.js';

const harness = useConsumerTestApp();
let agent: TestStaffUser;
let agentBrowser: CookieClient;

const RECORD = {
  accountNumber: 'AC7001',
  firstName: 'Rosa',
  lastName: 'Diaz',
  email: 'rosa.on.record@example.com',
  phone: '+14155550177',
  address: { line1: '9 Pine Street', city: 'Oakland', state: 'CA', postalCode: '94607' },
  lastInteractionDate: '2026-10-14',
};

/** What the caller says: right name and account number, a wrong date of last contact. */
const CALL = {
  type: 'delete',
  firstName: 'Rosa',
  lastName: 'Díaz',
  email: 'rosa.caller@example.com',
  accountNumber: 'ac-7001',
  lastInteractionDate: '2026-01-02',
  state: 'CA',
  callReference: 'CALL-900',
  attestation: 'on',
  confirmationBy: 'email',
};

beforeAll(async () => {
  await upsertCustomers(harness.db, [RECORD], new Date());
  agent = await createStaffUser(harness.db, harness.config, { role: 'call_center_agent' });
  agentBrowser = await signIn(harness.app, agent);
});

async function logCall(fields: Record<string, string | string[]>) {
  const logged = await agentBrowser.post('/staff/intake', fields, '/staff/intake');
  expect(logged.statusCode, logged.body).toBe(303);
  const reference = /logged=(RD-[0-9A-Z-]+)/.exec(logged.headers.location as string)![1]!;
  return harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
}

describe('verification on the call', () => {
  it('shows the agent whether each answer matches the record, never the record itself', async () => {
    const lookup = await agentBrowser.post('/staff/intake/lookup', CALL, '/staff/intake');
    expect(lookup.statusCode).toBe(200);
    const check = lookup.body.slice(lookup.body.indexOf('<fieldset class="record">'));
    expect(check).toContain('Customer record <strong>AC7001</strong>');
    expect(check).toMatch(/confirmed-name"[^]*?Matches the record/);
    expect(check).toMatch(/confirmed-last_interaction_date"[^]*?Does not match/);
    for (const stored of [RECORD.email, RECORD.phone, RECORD.lastInteractionDate, '9 Pine Street']) {
      expect(lookup.body).not.toContain(stored);
    }
  });

  it('verifies a deletion by the two points that match; a tick the record contradicts does not count', async () => {
    const request = await logCall({
      ...CALL,
      confirmedDataPoints: ['name', 'account_number', 'last_interaction_date'],
    });
    expect(request.status).toBe('verified');
    const verified = await harness.db.auditEvent.findFirstOrThrow({
      where: { requestId: request.id, action: 'request_verified' },
    });
    expect(verified.actorId).toBe(agent.id);
    expect(verified.payload).toMatchObject({
      verification: { level: 'reasonable', matchedDataPoints: ['name', 'account_number'] },
    });
    const note = await harness.db.requestNote.findFirstOrThrow({ where: { requestId: request.id } });
    expect(note.body).toContain('matching the record: name, account_number');
    // Verified on the call: the receipt asks nothing more of the caller.
    const receipt = await harness.mailTo(CALL.email, (m) => m.text.includes(request.reference));
    expect(receipt.text).not.toMatch(/code|confirm your identity/i);
  });

  it('leaves one matching point to an officer, and the receipt promises no code', async () => {
    const email = 'rosa.second@example.com';
    const request = await logCall({ ...CALL, email, confirmedDataPoints: ['name', 'email'] });
    expect(request.status).toBe('awaiting_verification');
    expect(
      await harness.db.auditEvent.count({ where: { requestId: request.id, action: 'request_verified' } }),
    ).toBe(0);
    const receipt = await harness.mailTo(email, (m) => m.text.includes(request.reference));
    const text = receipt.text.replace(/\s+/g, ' ');
    expect(text).toContain('we need to confirm your identity. We will contact you to do so.');
    expect(text).not.toMatch(/code/i);
    // No verification code is set up for a request logged on the phone.
    expect(await harness.db.emailChallenge.count({ where: { requestId: request.id } })).toBe(0);
  });
});
