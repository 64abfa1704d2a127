// An officer raises the level a request needs (Regs 7062(c), (d)), e.g. a deletion that turns
// out to concern CPNI (47 U.S.C. 222): a request verified at the lower level waits again, the
// requester is told what is now needed in their language, and the audit log records why.

import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../src/domain/audit-events.js';
import type { Language } from '../src/i18n/index.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import type { CookieClient } from './support/cookie-client.js';
import { useConsumerTestApp } from './support/consumer.js';
import { requestTakenTo, STAFF, submission } from './support/services.js';
import { createStaffUser, createTestApiToken, signIn } from './support/staff.js';

const harness = useConsumerTestApp();
let officerBrowser: CookieClient;
let officerToken = '';

const FINDING = 'The account holds call detail records and the billing history of a phone line.';

beforeAll(async () => {
  const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
  officerBrowser = await signIn(harness.app, officer);
  officerToken = await createTestApiToken(harness.db, 'privacy_officer');
});

async function deletion(email: string, language: Language, verified: boolean): Promise<string> {
  return requestTakenTo(harness.app.deps, {
    input: submission('delete', { channel: 'phone' }),
    email,
    language,
    stage: verified ? 'verified' : 'submitted',
  });
}

function act(id: string, action: string, body: object) {
  return harness.app.inject({
    method: 'POST',
    url: `/api/v1/staff/requests/${id}/${action}`,
    headers: { authorization: `Bearer ${officerToken}` },
    payload: body,
  });
}

describe('raising the verification level', () => {
  it('in the console: a verified deletion waits again, the consumer is told in English, the raise is audited', async () => {
    const id = await deletion('raise.en@example.com', 'en', true);
    const page = `/staff/requests/${id}`;
    expect((await officerBrowser.get(page)).body).toContain('Raise the verification level');
    const blank = await officerBrowser.post(
      `${page}/raise-verification-level`,
      { basis: 'cpni', reason: ' ' },
      page,
    );
    expect(blank.statusCode).toBe(400);

    const raised = await officerBrowser.post(
      `${page}/raise-verification-level`,
      { basis: 'cpni', reason: FINDING },
      page,
    );
    expect(raised.statusCode, raised.body).toBe(303);
    const after = await officerBrowser.get(page);
    expect(after.body).toMatch(/id="request-status">awaiting verification/);
    expect(after.body).toContain(
      '3 matching data points, plus a signed declaration under penalty of perjury',
    );
    expect(after.body).toContain(FINDING);
    expect(after.body).not.toContain('Raise the verification level');

    const mail = await harness.mailTo('raise.en@example.com', (m) =>
      m.subject.includes('confirm your identity further'),
    );
    const text = mail.text.replace(/\s+/g, ' ');
    expect(text).toContain('customer proprietary network information');
    expect(text).toContain('confirm 3 pieces of information that match our records');
    expect(text).toContain('declaration, under penalty of perjury');
    expect(text).not.toContain(FINDING);

    const event = await harness.db.auditEvent.findFirstOrThrow({
      where: { requestId: id, action: 'verification_level_raised' },
    });
    expect(event.payload).toEqual({
      level: 'reasonably_high',
      basis: 'cpni',
      reasonSha256: sha256Of(FINDING),
      previousLevel: 'reasonable',
      dataPoints: 3,
      verificationWithdrawn: true,
    });
  });

  it('through the staff API: told in Spanish, and only the higher verification lets the request proceed', async () => {
    const id = await deletion('raise.es@example.com', 'es', false);
    const raised = await act(id, 'raise_verification_level', { basis: 'sensitive_data', reason: FINDING });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().status).toBe('awaiting_verification');
    const detail = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/staff/requests/${id}`,
      headers: { authorization: `Bearer ${officerToken}` },
    });
    expect(detail.json().raisedVerification).toEqual({
      level: 'reasonably_high',
      basis: 'sensitive_data',
      reason: FINDING,
    });
    const mail = await harness.mailTo('raise.es@example.com', (m) =>
      m.subject.includes('confirmar mejor su identidad'),
    );
    expect(mail.text.replace(/\s+/g, ' ')).toContain('información personal sensible');

    const twoPoints = await act(id, 'verify', { method: 'records_match', dataPoints: ['name', 'email'] });
    expect(twoPoints.statusCode).toBe(409);
    expect(twoPoints.json().error.code).toBe('REQUEST.VERIFICATION_INSUFFICIENT');
    const again = await act(id, 'raise_verification_level', { basis: 'cpni', reason: FINDING });
    expect(again.statusCode).toBe(409);
    const verified = await act(id, 'verify', {
      method: 'records_match',
      dataPoints: ['name', 'email', 'account_number'],
      declarationSigned: true,
      declarationSignedName: 'Jane Roe',
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().status).toBe('verified');
  });

  it('writes to an authorized agent about the consumer, who is the one to be verified (Regs 7063)', async () => {
    const input = submission('delete', {
      agent: { kind: 'person', name: 'Sam Agent', email: 'sam.agent@example.com' },
    });
    const { id } = await submitRequest(harness.app.deps, {
      input: { ...input, subject: { ...input.subject, email: 'raise.consumer@example.com' } },
      actor: STAFF,
    });
    expect((await act(id, 'raise_verification_level', { basis: 'cpni', reason: FINDING })).statusCode).toBe(
      200,
    );
    const mail = await harness.mailTo('sam.agent@example.com', (m) =>
      m.subject.includes('confirm your identity further'),
    );
    expect(mail.text.replace(/\s+/g, ' ')).toContain(
      'We will ask Jane Roe to confirm 3 pieces of information',
    );
  });
});
