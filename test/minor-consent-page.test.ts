// The consumer page for a known minor's consent to sale or sharing
// (docs/legal-rules.md#minors), through the real app and its mail: a
// 13-to-15-year-old opts in by choosing, then confirming with the emailed code
// (Regs 7071(a)), and withdraws by the same steps (Regs 7004); a parent's
// opt-in for a child under 13 waits for an officer to record the parent's
// verification (Regs 7070(a)-(c)); the preference API follows at once.

import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { CookieClient } from './support/cookie-client.js';
import { codeIn } from './support/smtp.js';
import { createStaffUser, signIn } from './support/staff.js';

const harness = useConsumerTestApp({
  // Each step of these tests asks for a new code at once.
  environment: { ...NO_RATE_LIMITS, VERIFICATION_RESEND_COOLDOWN_SECONDS: '0' },
});
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const role of ['integration', 'privacy_officer'] as const) {
    const created = await createApiToken(
      { db: harness.db, clock: { now: () => new Date() } },
      { input: { name: role, role }, actor: { type: 'system', id: 'test' } },
    );
    tokens[role] = created.token;
  }
});

async function preferences(email: string) {
  const response = await harness.app.inject({
    url: `/api/v1/preferences?email=${encodeURIComponent(email)}`,
    headers: { authorization: `Bearer ${tokens.integration}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ doNotSellOrShare: boolean; optInMayBeAskedFrom: string | null }>();
}

/** A request giving the age band (to know, unless told); answers its reference. */
async function submitRequest(
  email: string,
  ageBand: string,
  { submitter, type = 'know' }: { submitter?: string; type?: 'know' | 'delete' } = {},
): Promise<string> {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    payload: {
      type,
      subject: { firstName: 'Kim', lastName: 'Young', state: 'CA', email, ageBand },
      ...(type === 'know' && { know: { categories: true, specificPieces: false } }),
      ...(submitter && { submitter }),
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ reference: string }>().reference;
}

const isConsentCode = (mail: { subject: string }) => mail.subject.includes('sale of personal information');

/** Chooses on the page, then confirms with the newest emailed code; answers where the page sends the consumer. */
async function choose(email: string, reference: string, choice: 'opt_in' | 'withdraw') {
  const consumer = new CookieClient(harness.app);
  const before = (await harness.mailsTo(email, 0)).filter(isConsentCode).length;
  const chosen = await consumer.post('/minor-consent', { reference, choice });
  expect(chosen.status).toBe(303);
  const codePage = `/minor-consent/${reference}/${choice === 'opt_in' ? 'opt-in' : 'withdraw'}`;
  expect(chosen.location).toBe(codePage);
  const mails = (await harness.mailsTo(email, before + 1)).filter(isConsentCode);
  expect(mails).toHaveLength(before + 1);
  const confirmed = await consumer.post(codePage, { code: codeIn(mails.at(-1)!) });
  expect(confirmed.status, confirmed.body).toBe(303);
  return confirmed.location;
}

async function consentAuditActions() {
  const events = await harness.db.auditEvent.findMany({
    where: { action: { startsWith: 'minor.' }, actorType: 'consumer' },
    orderBy: { sequence: 'asc' },
  });
  return events.map((event) => ({ action: event.action, payload: event.payload }));
}

describe('the consent page of a consumer known to be under 16', () => {
  it('offers an unticked choice, in English and Spanish, and says what it means', async () => {
    const english = await new CookieClient(harness.app).get('/minor-consent');
    expect(english.status).toBe(200);
    expect(english.body).toContain('at any time');
    expect(english.body).not.toMatch(/<input[^>]*\schecked/);
    const spanish = await new CookieClient(harness.app).get('/minor-consent', { 'accept-language': 'es' });
    expect(spanish.body).toContain('menores de 16 años');
    expect(spanish.body).toContain('12 meses');
  });

  it('a 15-year-old opts in with the emailed code, withdraws by the same steps, and may opt in again on their own', async () => {
    const email = 'kim.page15@example.com';
    const reference = await submitRequest(email, '13_15');
    expect(await preferences(email)).toMatchObject({ doNotSellOrShare: true });

    const consumer = new CookieClient(harness.app);
    await consumer.post('/minor-consent', { reference, choice: 'opt_in' });
    const wrong = await consumer.post(`/minor-consent/${reference}/opt-in`, { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(await preferences(email)).toMatchObject({ doNotSellOrShare: true });

    expect(await choose(email, reference, 'opt_in')).toBe('/minor-consent/result/opted-in');
    expect(await preferences(email)).toMatchObject({ doNotSellOrShare: false });

    expect(await choose(email, reference, 'withdraw')).toBe('/minor-consent/result/withdrawn');
    const withdrawn = await preferences(email);
    expect(withdrawn.doNotSellOrShare).toBe(true);
    expect(withdrawn.optInMayBeAskedFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Civ. 1798.135(c)(5) stops the business asking, not the consumer choosing on their own.
    expect(await choose(email, reference, 'opt_in')).toBe('/minor-consent/result/opted-in');
    expect(await preferences(email)).toMatchObject({ doNotSellOrShare: false });

    expect((await consentAuditActions()).slice(-3)).toEqual([
      expect.objectContaining({
        action: 'minor.consent_recorded',
        payload: expect.objectContaining({ decision: 'opt_in', by: 'consumer' }),
      }),
      expect.objectContaining({
        action: 'minor.consent_recorded',
        payload: expect.objectContaining({ decision: 'decline' }),
      }),
      expect.objectContaining({
        action: 'minor.consent_recorded',
        payload: expect.objectContaining({ decision: 'opt_in' }),
      }),
    ]);
  });

  it("a parent's opt-in for a child under 13 waits for an officer to record the parent's verification", async () => {
    const email = 'parent.page@example.com';
    const reference = await submitRequest(email, 'under_13', { submitter: 'parent_guardian' });

    expect(await choose(email, reference, 'opt_in')).toBe('/minor-consent/result/parent-pending');
    expect(await preferences(email)).toMatchObject({ doNotSellOrShare: true });
    const pending = await harness.db.minorSaleConsent.findFirstOrThrow({ where: { identityValue: email } });
    expect(pending.parentOptInRequestedAt).not.toBeNull();
    expect((await consentAuditActions()).at(-1)).toMatchObject({ action: 'minor.parent_opt_in_requested' });
    // Every officer sees it waiting in the inbox until the parent's verification is recorded.
    const officer = await signIn(
      harness.app,
      await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' }),
    );
    const waitingIn = async () =>
      (await officer.get('/staff/inbox')).body.match(/id="parent-opt-ins"[\s\S]*?<\/ul>/)?.[0] ?? '';
    expect(await waitingIn()).toContain(reference);

    const verified = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/staff/minor-consents',
      headers: { authorization: `Bearer ${tokens.privacy_officer}` },
      payload: {
        email,
        decision: 'opt_in',
        by: 'parent_guardian',
        parentVerificationMethod: 'video_conference',
      },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(await preferences(email)).toMatchObject({ doNotSellOrShare: false });
    const done = await harness.db.minorSaleConsent.findFirstOrThrow({ where: { identityValue: email } });
    expect(done.parentOptInRequestedAt).toBeNull();
    expect(await waitingIn()).not.toContain(reference);

    expect(await choose(email, reference, 'withdraw')).toBe('/minor-consent/result/withdrawn');
    expect(await preferences(email)).toMatchObject({ doNotSellOrShare: true });
  });

  it('the receipt links to the page, except within 12 months of a withdrawal (Civ. 1798.135(c)(5))', async () => {
    const email = 'kim.receipt@example.com';
    const isReceipt = (mail: { subject: string }) =>
      mail.subject.includes('We received your privacy request');
    const first = await submitRequest(email, '13_15');
    const receipt = await harness.mailTo(email, (mail) => isReceipt(mail) && mail.text.includes(first));
    expect(receipt.text).toContain('/minor-consent');

    expect(await choose(email, first, 'withdraw')).toBe('/minor-consent/result/withdrawn');
    // Another request (not the same one again, which is answered with the first).
    const second = await submitRequest(email, '13_15', { type: 'delete' });
    const quiet = await harness.mailTo(email, (mail) => isReceipt(mail) && mail.text.includes(second));
    expect(quiet.text).not.toContain('/minor-consent');
  });

  it('answers a request about an adult like any other, and emails no code', async () => {
    const email = 'adult.page@example.com';
    const reference = await submitRequest(email, '16_plus');
    const posted = await new CookieClient(harness.app).post('/minor-consent', {
      reference,
      choice: 'opt_in',
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/minor-consent/${reference}/opt-in`);
    await harness.deliverMail();
    expect(harness.smtp.messages.filter((mail) => mail.to.includes(email) && isConsentCode(mail))).toEqual(
      [],
    );
  });

  it('shows the form again with a message on each field left wrong, and refuses a post without its CSRF token', async () => {
    const consumer = new CookieClient(harness.app);
    const empty = await consumer.post('/minor-consent', { reference: 'bad!' });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('href="#field-choice"');
    expect(empty.body).toContain('href="#field-reference"');
    const forged = await consumer.postRaw('/minor-consent', 'reference=RD-0000-0000&choice=opt_in');
    expect(forged.status).toBe(403);
  });
});
