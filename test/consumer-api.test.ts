import { describe, expect, it } from 'vitest';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { codeIn, linkTokenIn, type ReceivedMail } from './support/smtp.js';

let emailCounter = 0;
const harness = useConsumerTestApp({ environment: NO_RATE_LIMITS });

function uniqueEmail(): string {
  emailCounter += 1;
  return `consumer.${emailCounter}.${Date.now()}@example.com`;
}

function deleteRequest(email: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'delete',
    subject: { firstName: 'Ana', lastName: 'García', email, state: 'CA' },
    ...extra,
  };
}

function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  return harness.app.inject({ method: 'POST', url, payload: payload as object, headers });
}

async function submitDelete(email: string) {
  const response = await post('/api/v1/requests', deleteRequest(email));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ reference: string; status: string }>();
}

async function codeMailFor(email: string): Promise<ReceivedMail> {
  const mails = await harness.mailsTo(email, 2);
  const mail = mails.findLast((candidate) => /verification code/i.test(candidate.subject));
  if (!mail) throw new Error('no code mail');
  return mail;
}

describe('submission and verification by email', () => {
  it('emails a receipt and a code through real SMTP; the code verifies and the status answers', async () => {
    const email = uniqueEmail();
    const created = await submitDelete(email);
    expect(created).toMatchObject({ status: 'awaiting_verification', verificationEmailSent: true });
    expect(created.reference).toMatch(/^RD-/);

    const mails = await harness.mailsTo(email, 2);
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      `We received your privacy request ${created.reference}`,
      `Your verification code for request ${created.reference}`,
    ]);
    const codeMail = await codeMailFor(email);
    expect(codeMail.html).toContain('<a href="http://localhost:3000/verify?token=');
    const stored = await harness.db.emailChallenge.findFirstOrThrow({
      where: { request: { reference: created.reference } },
    });
    expect(stored.codeHash).not.toContain(codeIn(codeMail));
    const outbox = await harness.db.outboxMessage.findMany();
    expect(JSON.stringify(outbox)).not.toContain(codeIn(codeMail));

    const verified = await post(`/api/v1/requests/${created.reference}/verification`, {
      code: codeIn(codeMail),
    });
    expect(verified.statusCode, verified.body).toBe(200);
    // No customer record matches: email control is proven, and staff finish the verification.
    expect(verified.json()).toMatchObject({ reference: created.reference, status: 'awaiting_verification' });

    // A code is used once.
    const again = await post(`/api/v1/requests/${created.reference}/verification`, {
      code: codeIn(codeMail),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('VERIFICATION.CODE_INVALID');
  });

  it('verifies a request when the records match, and writes in Spanish to a Spanish-speaking consumer', async () => {
    const email = uniqueEmail();
    await harness.db.customer.create({
      data: {
        accountNumber: `AC-${emailCounter}-${Date.now()}`,
        firstName: 'Ana',
        lastName: 'García',
        email,
      },
    });
    const response = await post('/api/v1/requests', { ...deleteRequest(email), language: 'es' });
    const { reference } = response.json();
    const codeMail = (await harness.mailsTo(email, 2)).find((mail) => mail.subject.startsWith('Su código'));
    expect(codeMail?.language).toBe('es');
    expect(codeMail?.text).toContain('Su código de verificación es');

    const verified = await post(`/api/v1/requests/${reference}/verification`, { code: codeIn(codeMail!) });
    expect(verified.json()).toMatchObject({ status: 'verified', language: 'es' });
    expect(verified.json().messages[0].text).toContain('Confirmamos su identidad');
    const statusMail = (await harness.mailsTo(email, 3)).find((mail) => mail.subject.startsWith('Novedades'));
    expect(statusMail).toBeDefined();
  });

  it('locks after five wrong codes, even against the right one, answering like an unknown reference; a new code after the cooldown works', async () => {
    const email = uniqueEmail();
    const { reference } = await submitDelete(email);
    const code = codeIn(await codeMailFor(email));
    const wrong = code === '000000' ? '111111' : '000000';
    const codes: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await post(`/api/v1/requests/${reference}/verification`, { code: wrong });
      codes.push(response.json().error.code);
    }
    expect(codes).toEqual(Array(5).fill('VERIFICATION.CODE_INVALID'));
    const right = await post(`/api/v1/requests/${reference}/verification`, { code });
    // Locked, and answered exactly as a reference that does not exist: nothing to learn from it.
    const unknown = await post('/api/v1/requests/RD-ZZZZ-ZZZZ/verification', { code });
    expect(right.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    expect(right.json().error).toEqual(unknown.json().error);
    const resendUnknown = await post('/api/v1/requests/RD-ZZZZ-ZZZZ/verification/resend', {});
    expect(resendUnknown.statusCode).toBe(202);

    // After the cooldown a new code replaces the locked one, and works.
    expect((await post(`/api/v1/requests/${reference}/verification/resend`, {})).statusCode).toBe(429);
    await harness.db.emailChallenge.updateMany({
      where: { request: { reference } },
      data: { lastSentAt: new Date(Date.now() - 61_000) },
    });
    expect((await post(`/api/v1/requests/${reference}/verification/resend`, {})).statusCode).toBe(202);
    const fresh = (await harness.mailsTo(email, 3)).filter((mail) => /verification code/i.test(mail.subject));
    const verified = await post(`/api/v1/requests/${reference}/verification`, { code: codeIn(fresh[1]!) });
    expect(verified.statusCode, verified.body).toBe(200);
  });

  it('keeps the proof of a right code: the consumer is told staff are checking, and staff need not tick it', async () => {
    const email = uniqueEmail();
    const { reference } = await submitDelete(email);
    // No customer record: the right code alone cannot verify a delete (Regs 7062(d)).
    const confirmed = await post(`/api/v1/requests/${reference}/verification`, {
      code: codeIn(await codeMailFor(email)),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'awaiting_verification',
      emailControlProven: true,
      messages: [{ code: 'status.email_confirmed' }, { code: 'status.respond_by' }],
    });
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    await applyRequestCommand(harness.app.deps, {
      requestId: row.id,
      action: {
        kind: 'verify',
        method: 'records_match',
        dataPoints: ['name', 'account_number'],
        emailControlProven: false,
        declarationSigned: false,
      },
      actor: { type: 'system', id: 'officer-test' },
    });
    const record = await harness.db.verificationRecord.findFirstOrThrow({ where: { requestId: row.id } });
    expect(record).toMatchObject({ emailControlProven: true, matchedDataPoints: ['name', 'account_number'] });
  });

  it('refuses an expired code', async () => {
    const email = uniqueEmail();
    const { reference } = await submitDelete(email);
    const code = codeIn(await codeMailFor(email));
    await harness.db.emailChallenge.updateMany({
      where: { request: { reference } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const response = await post(`/api/v1/requests/${reference}/verification`, { code });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VERIFICATION.CODE_EXPIRED',
      issues: [{ path: 'code', message: expect.any(String) }],
    });
  });

  it('resends only after the cooldown, with a new code that replaces the old one', async () => {
    const email = uniqueEmail();
    const { reference } = await submitDelete(email);
    const first = codeIn(await codeMailFor(email));
    const tooSoon = await post(`/api/v1/requests/${reference}/verification/resend`, {});
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().error.code).toBe('VERIFICATION.RESEND_TOO_SOON');
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);

    await harness.db.emailChallenge.updateMany({
      where: { request: { reference } },
      data: { lastSentAt: new Date(Date.now() - 61_000) },
    });
    // The body is optional: none at all, even labelled as JSON, is accepted.
    const resent = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${reference}/verification/resend`,
      headers: { 'content-type': 'application/json' },
    });
    expect(resent.statusCode).toBe(202);
    const codeMails = (await harness.mailsTo(email, 3)).filter((mail) =>
      /verification code/i.test(mail.subject),
    );
    expect(codeMails).toHaveLength(2);
    const second = codeIn(codeMails[1]!);
    if (second !== first) {
      const old = await post(`/api/v1/requests/${reference}/verification`, { code: first });
      expect(old.json().error.code).toBe('VERIFICATION.CODE_INVALID');
    }
    const ok = await post(`/api/v1/requests/${reference}/verification`, { code: second });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('verifies with the one-click link', async () => {
    const email = uniqueEmail();
    const { reference } = await submitDelete(email);
    const token = linkTokenIn(await codeMailFor(email));
    const response = await post('/api/v1/verification/link', { token });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().reference).toBe(reference);
    const challenge = await harness.db.emailChallenge.findFirstOrThrow({ where: { request: { reference } } });
    expect(challenge.consumedAt).not.toBeNull();
    expect((await post('/api/v1/verification/link', { token })).statusCode).toBe(400);
  });

  it('asks the consumer behind an agent to confirm, by their own email', async () => {
    const consumerEmail = uniqueEmail();
    const agentEmail = uniqueEmail();
    const response = await post(
      '/api/v1/requests',
      deleteRequest(consumerEmail, { agent: { kind: 'person', name: 'Pat Agent', email: agentEmail } }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const { reference, status } = response.json();
    expect(status).toBe('awaiting_agent_authorization');
    const receipt = await harness.mailsTo(agentEmail, 1);
    expect(receipt[0]?.subject).toBe(`We received your privacy request ${reference}`);
    const [confirmation] = await harness.mailsTo(consumerEmail, 1);
    expect(confirmation?.subject).toBe(`Did you authorize an agent to make privacy request ${reference}?`);
    expect(confirmation?.text).toContain('Pat Agent');

    const confirmed = await post(`/api/v1/requests/${reference}/verification`, {
      code: codeIn(confirmation!),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(row.state).toMatchObject({ agentAuthorization: { consumerConfirmedPermission: true } });

    // Regs 7063(a): with the signed permission, the consumer's confirmation alone lets the delete proceed.
    const signed = await applyRequestCommand(harness.app.deps, {
      requestId: row.id,
      action: { kind: 'record_agent_authorization', step: 'signed_permission' },
      actor: { type: 'system', id: 'officer-test' },
    });
    expect(signed.status).toBe('awaiting_verification');
  });
});

describe('status lookup', () => {
  it('emails a code and shows the status only with it; unknown references get the same answer', async () => {
    const email = uniqueEmail();
    const { reference } = await submitDelete(email);
    await harness.mailsTo(email, 2);
    const unknown = await post('/api/v1/status', { reference: 'RD-0000-0000' });
    const known = await post('/api/v1/status', { reference });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(
      unknown.body.replace(unknown.json().requestId ?? '', known.json().requestId ?? ''),
    );
    const mail = (await harness.mailsTo(email, 3)).find((candidate) => candidate.subject.includes('status'));
    const wrong = await post('/api/v1/status/confirm', { reference, code: '12345x' });
    expect(wrong.statusCode).toBe(400);
    const view = await post('/api/v1/status/confirm', { reference, code: codeIn(mail!) });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ reference, status: 'awaiting_verification', type: 'delete' });
    expect(view.body).not.toContain(email);
    expect(view.body).not.toContain('García');
  });
});

describe('idempotency and duplicates', () => {
  it('answers the same request for the same key and body, and refuses the key with another body', async () => {
    const email = uniqueEmail();
    const headers = { 'idempotency-key': `key-${email}` };
    const first = await post('/api/v1/requests', deleteRequest(email), headers);
    const replay = await post('/api/v1/requests', deleteRequest(email), headers);
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    const other = await post(
      '/api/v1/requests',
      { ...deleteRequest(email), type: 'know', know: { categories: true, specificPieces: false } },
      headers,
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await harness.db.privacyRequest.count({ where: { subject: { emailNormalized: email } } })).toBe(1);
  });

  it('answers one request to the same key sent at once, and a conflict (never a 5xx) to another body', async () => {
    const email = uniqueEmail();
    const headers = { 'idempotency-key': `racing-${email}` };
    const other = {
      ...deleteRequest(email),
      type: 'know',
      know: { categories: true, specificPieces: false },
    };
    const responses = await Promise.all([
      ...Array.from({ length: 4 }, () => post('/api/v1/requests', deleteRequest(email), headers)),
      post('/api/v1/requests', other, headers),
    ]);
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => [200, 201, 409].includes(status))).toBe(true);
    const answered = responses.filter((response) => response.statusCode < 300);
    expect(new Set(answered.map((response) => response.json().reference)).size).toBe(1);
    expect(await harness.db.privacyRequest.count({ where: { subject: { emailNormalized: email } } })).toBe(1);
  });

  it('returns the existing request for the same type and email within the window, even concurrently', async () => {
    const email = uniqueEmail();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => post('/api/v1/requests', deleteRequest(email.toUpperCase()))),
    );
    const references = new Set(responses.map((response) => response.json().reference));
    expect(references.size).toBe(1);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 200, 200, 201]);
    const mails = await harness.mailsTo(email, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mails).toHaveLength(2);
  });
});

describe('opt-out', () => {
  it('applies an opt-out at once: completed, preference recorded, no verification', async () => {
    const email = uniqueEmail();
    const response = await post('/api/v1/requests', {
      type: 'opt_out',
      subject: { firstName: 'Lee', lastName: 'Kim', email, phone: '(415) 555-0101', state: 'CA' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'completed', verificationEmailSent: false });
    const preference = await harness.db.consumerPreference.findMany({
      where: { identityValue: { in: [email, '+14155550101'] } },
    });
    expect(preference.map((row) => [row.identityKind, row.doNotSellOrShare])).toEqual(
      expect.arrayContaining([
        ['email', true],
        ['phone', true],
      ]),
    );
    const subjects = (await harness.mailsTo(email, 2)).map((mail) => mail.subject);
    expect(subjects).toEqual(expect.arrayContaining([expect.stringMatching(/is complete$/)]));
  });

  it('confirms a Shine the Light suppression in Spanish, saying what it means (Civ. 1798.83(c)(2))', async () => {
    const email = uniqueEmail();
    const response = await post('/api/v1/requests', {
      type: 'stl_suppression',
      subject: { email },
      language: 'es',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: 'completed', verificationEmailSent: false });
    const [completion] = await harness.mailsTo(email, 1);
    expect(completion?.language).toBe('es');
    expect(completion?.text).toContain(
      'lista de supresión (para que no divulguemos su información personal a terceros para los fines de marketing directo de esos terceros)',
    );
  });
});

describe('what never happens', () => {
  it('answers hostile input with 4xx and field issues, never 5xx', async () => {
    const hostile: unknown[] = [
      null,
      [],
      'text',
      { type: 42 },
      { type: 'delete', subject: { email: '<script>alert(1)</script>', firstName: 'x'.repeat(100_000) } },
      deleteRequest(`${'a'.repeat(300)}@example.com`),
      deleteRequest('x@example.com', {
        subject: { firstName: '\ud800', lastName: '\u0000', email: 'x@example.com', state: 'ZZ' },
      }),
      { ...deleteRequest('x@example.com'), language: 'fr' },
    ];
    for (const payload of hostile) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, response.body).toBeLessThan(500);
      expect(response.body).not.toContain('<script>');
    }
    const broken = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a]),
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    const checks = [
      post('/api/v1/requests/%00%ff/verification', { code: '123456' }),
      post(`/api/v1/requests/${'R'.repeat(5000)}/verification`, { code: '123456' }),
      post('/api/v1/requests/RD-0000-0000/verification', { code: 123456 }),
      post('/api/v1/requests/RD-0000-0000/verification/resend', 'nope'),
      post('/api/v1/verification/link', { token: '<script>' }),
      post('/api/v1/status', { reference: { $ne: 1 } }),
      post('/api/v1/status/confirm', { reference: 'RD-0000-0000', code: '999999' }),
    ];
    for (const response of await Promise.all(checks)) {
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, response.body).toBeLessThan(500);
    }
    const invalid = await post('/api/v1/requests', deleteRequest('not-an-email'));
    expect(invalid.json().error.issues).toEqual([{ path: 'subject.email', message: expect.any(String) }]);
  });

  it('never logs a code or an email address', async () => {
    const email = uniqueEmail();
    const { reference } = await submitDelete(email);
    const code = codeIn(await codeMailFor(email));
    await post(`/api/v1/requests/${reference}/verification`, {
      code: code === '000000' ? '111111' : '000000',
    });
    await post(`/api/v1/requests/${reference}/verification`, { code });
    const log = harness.logLines.join('\n');
    expect(log).toContain(reference.slice(0, 2));
    expect(log).not.toContain(email);
    expect(log).not.toContain(code);
    expect(log.toLowerCase()).not.toContain('example.com');
  });
});
