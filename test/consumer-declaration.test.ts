// The declaration under penalty of perjury (Regs 7062(c), (d)): the consumer
// signs it with the request, from the JSON API or the form; it is kept with the
// request, counts as evidence when the consumer's own code verifies them, and
// the console shows who signed it and when.

import { describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { CookieClient } from './support/cookie-client.js';
import { codeIn } from './support/smtp.js';
import { createStaffUser, signIn } from './support/staff.js';

let counter = 0;
const harness = useConsumerTestApp({ environment: NO_RATE_LIMITS });

const uniqueEmail = () => `declarant.${(counter += 1)}.${Date.now()}@example.com`;

/** A customer record the request matches on three data points: name, email, account number. */
async function customerFor(email: string): Promise<string> {
  const accountNumber = `AC-D${counter}-${Date.now()}`;
  await harness.db.customer.create({ data: { accountNumber, firstName: 'Jane', lastName: 'Roe', email } });
  return accountNumber;
}

function specificPieces(email: string, accountNumber: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'know',
    subject: { firstName: 'Jane', lastName: 'Roe', email, accountNumber, state: 'CA' },
    know: { categories: true, specificPieces: true },
    ...extra,
  };
}

function post(url: string, payload: unknown) {
  return harness.app.inject({ method: 'POST', url, payload: payload as object });
}

const codeMailFor = (email: string) =>
  harness.mailTo(email, (mail) => /verification code/i.test(mail.subject));

describe('the JSON API', () => {
  it('keeps the declaration, and the consumer’s code then verifies a specific-pieces request', async () => {
    const email = uniqueEmail();
    const accountNumber = await customerFor(email);
    const created = await post(
      '/api/v1/requests',
      specificPieces(email, accountNumber, { declaration: { signedName: '  Jane Roe  ' } }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const { reference } = created.json<{ reference: string }>();
    const subject = await harness.db.requestSubject.findFirstOrThrow({ where: { request: { reference } } });
    expect(subject.declarationSignedName).toBe('Jane Roe');
    expect(subject.declarationSignedAt).toBeInstanceOf(Date);

    const verified = await post(`/api/v1/requests/${reference}/verification`, {
      code: codeIn(await codeMailFor(email)),
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ reference, status: 'verified' });
    const record = await harness.db.verificationRecord.findFirstOrThrow({
      where: { request: { reference } },
    });
    expect(record).toMatchObject({
      method: 'records_match',
      level: 'reasonably_high',
      declarationSigned: true,
      declarationSignedName: 'Jane Roe',
      emailControlProven: true,
    });
    expect([...record.matchedDataPoints].sort()).toEqual(['account_number', 'email', 'name']);
  });

  it('answers 400 with an issue on declaration.signedName when the declaration is missing or blank', async () => {
    const email = uniqueEmail();
    for (const extra of [{}, { declaration: { signedName: '   ' } }, { declaration: {} }]) {
      const response = await post('/api/v1/requests', specificPieces(email, 'AC-1', extra));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.issues).toEqual([
        { path: 'declaration.signedName', message: expect.any(String) },
      ]);
    }
    const tooLong = await post(
      '/api/v1/requests',
      specificPieces(email, 'AC-1', { declaration: { signedName: 'x'.repeat(201) } }),
    );
    expect(tooLong.statusCode).toBe(400);
    // Deleting sensitive data needs it too (Regs 7062(d)); deleting other data does not.
    const sensitive = await post('/api/v1/requests', {
      type: 'delete',
      sensitiveData: true,
      subject: { firstName: 'Jane', lastName: 'Roe', email, state: 'CA' },
    });
    expect(sensitive.json().error.issues).toEqual([
      { path: 'declaration.signedName', message: expect.any(String) },
    ]);
    expect(await harness.db.requestSubject.count({ where: { email } })).toBe(0);
  });

  it('refuses a declaration where none is asked for, and one signed by an agent', async () => {
    const email = uniqueEmail();
    const categories = await post('/api/v1/requests', {
      ...specificPieces(email, 'AC-1', { declaration: { signedName: 'Jane Roe' } }),
      know: { categories: true, specificPieces: false },
    });
    expect(categories.statusCode).toBe(400);
    expect(categories.json().error.issues).toEqual([{ path: 'declaration', message: expect.any(String) }]);
    const byAgent = await post('/api/v1/requests', {
      ...specificPieces(email, 'AC-1', { declaration: { signedName: 'Agent Smith' } }),
      submitter: 'authorized_agent',
      agent: { kind: 'person', name: 'Agent Smith', email: 'agent@example.com' },
    });
    expect(byAgent.statusCode).toBe(400);
    expect(byAgent.json().error.issues).toEqual([{ path: 'declaration', message: expect.any(String) }]);
  });

  it('documents the declaration in the OpenAPI description', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const body =
      response.json().paths['/api/v1/requests'].post.requestBody.content['application/json'].schema;
    expect(body.properties.declaration.properties.signedName).toMatchObject({
      type: 'string',
      maxLength: 200,
    });
  });
});

describe('the form', () => {
  const fields = (email: string, accountNumber: string) => ({
    firstName: 'Jane',
    lastName: 'Roe',
    email,
    accountNumber,
    state: 'CA',
    ageBand: '16_plus',
    categories: 'yes',
    specificPieces: 'yes',
  });

  it('keeps the typed signature with the request; the staff page shows who signed and when', async () => {
    const email = uniqueEmail();
    const accountNumber = await customerFor(email);
    const posted = await new CookieClient(harness.app).post('/requests/know', {
      ...fields(email, accountNumber),
      declaration: 'yes',
      signature: ' Jane Q. Roe ',
    });
    expect(posted.status, posted.body).toBe(303);
    const subject = await harness.db.requestSubject.findFirstOrThrow({ where: { email } });
    expect(subject.declarationSignedName).toBe('Jane Q. Roe');

    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const browser = await signIn(harness.app, officer);
    const page = await browser.get(`/staff/requests/${subject.requestId}`);
    expect(page.statusCode).toBe(200);
    const signedAt = subject.declarationSignedAt!.toISOString();
    expect(page.body).toContain(
      `Declaration under penalty of perjury signed by <strong>Jane Q. Roe</strong> on <time datetime="${signedAt}">`,
    );
  });

  it('re-renders with the signature kept when the box is not ticked, and records nothing', async () => {
    const email = uniqueEmail();
    const response = await new CookieClient(harness.app).post('/requests/know', {
      ...fields(email, 'AC-1'),
      signature: 'Jane Roe',
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain('href="#field-declaration"');
    expect(response.body).not.toContain('href="#field-signature"');
    expect(response.body).toMatch(
      /name="signature"[^>]*value="Jane Roe"|value="Jane Roe"[^>]*name="signature"/,
    );
    expect(await harness.db.requestSubject.count({ where: { email } })).toBe(0);
  });
});
