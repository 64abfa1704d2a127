// An authorized agent's requests from the web form (/agents; Regs 7063) through
// app.inject on the real app, a real PostgreSQL and a real SMTP server: an
// opt-out or limit with the consumer's signed permission takes effect at once
// (Regs 7026, 7027), a request to correct keeps its correction and asks the
// consumer to confirm by their own email, a request about sensitive data is
// verified at the higher level (Regs 7062(d)), and a refused form keeps its values.

import { beforeAll, describe, expect, it } from 'vitest';
import { findRequest } from '../src/services/requests/requests-repo.js';
import { requiredVerification } from '../src/domain/verification-rules.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { samplePdf } from './support/browser.js';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { CookieClient } from './support/cookie-client.js';

const harness = useConsumerTestApp({ environment: NO_RATE_LIMITS });
let integrationToken: string;
let counter = 0;

beforeAll(async () => {
  ({ token: integrationToken } = await createApiToken(harness.app.deps, {
    input: { name: 'downstream ad platform', role: 'integration' },
    actor: { type: 'system', id: 'agent-requests-test' },
  }));
});

const uniqueEmail = () => `agent.case.${(counter += 1)}.${Date.now()}@example.com`;

const BOUNDARY = '----rightsdesk-agent-test';

/** The agent form as a browser posts it: multipart, with its CSRF token and one file. */
async function postAgentForm(
  visitor: CookieClient,
  fields: Record<string, string>,
  file: { name: string; type: string; content: Buffer } | null = {
    name: 'permission.pdf',
    type: 'application/pdf',
    content: samplePdf(),
  },
) {
  const token = await visitor.csrfToken('/agents');
  const parts = Object.entries({ _csrf: token, ...fields }).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const body = Buffer.concat([
    Buffer.from(parts.join(''), 'utf8'),
    ...(file === null
      ? []
      : [
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="document"; filename="${file.name}"\r\n` +
              `Content-Type: ${file.type}\r\n\r\n`,
          ),
          file.content,
          Buffer.from('\r\n'),
        ]),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
  return visitor.postRaw('/agents', body, `multipart/form-data; boundary=${BOUNDARY}`);
}

function agentFields(type: string, consumerEmail: string, extra: Record<string, string> = {}) {
  return {
    agentKind: 'person',
    agentName: 'Pat Agent',
    agentEmail: 'pat.agent@example.com',
    requestType: type,
    firstName: 'Chris',
    lastName: 'Consumer',
    email: consumerEmail,
    state: 'CA',
    documentKind: 'signed_permission',
    ...extra,
  };
}

async function submittedRequest(posted: { status: number; location: string | undefined; body: string }) {
  expect(posted.status, posted.body).toBe(303);
  const reference = /^\/confirmation\/(RD-[0-9A-Z]{4}-[0-9A-Z]{4})$/.exec(posted.location ?? '')?.[1];
  expect(reference).toBeDefined();
  return harness.db.privacyRequest.findUniqueOrThrow({ where: { reference: reference ?? '' } });
}

async function preferencesOf(email: string) {
  const response = await harness.app.inject({
    method: 'GET',
    url: `/api/v1/preferences?email=${encodeURIComponent(email)}`,
    headers: { authorization: `Bearer ${integrationToken}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { doNotSellOrShare: boolean; limitSensitiveUse: boolean };
}

async function auditActionsOf(requestId: string): Promise<string[]> {
  const events = await harness.db.auditEvent.findMany({ where: { requestId }, orderBy: { sequence: 'asc' } });
  return events.map((event) => event.action);
}

describe("an agent's opt-out and limit take effect at once (Regs 7026, 7027)", () => {
  it('completes an opt-out sent with the signed permission, records the preference and answers the agent', async () => {
    const consumerEmail = uniqueEmail();
    expect((await preferencesOf(consumerEmail)).doNotSellOrShare).toBe(false);
    const visitor = new CookieClient(harness.app);
    const request = await submittedRequest(
      await postAgentForm(visitor, agentFields('opt_out', consumerEmail)),
    );

    expect(request).toMatchObject({ type: 'opt_out', submitter: 'authorized_agent', status: 'completed' });
    expect(request.state).toMatchObject({ agentAuthorization: { signedPermission: true } });
    expect(await harness.db.agentDocument.count({ where: { requestId: request.id } })).toBe(1);
    expect(await preferencesOf(consumerEmail)).toMatchObject({
      doNotSellOrShare: true,
      limitSensitiveUse: false,
    });
    expect(await auditActionsOf(request.id)).toEqual([
      'request_submitted',
      'agent_authorization_recorded',
      'agent_authorization_completed',
      'request_completed',
    ]);
    // No friction: the consumer is not asked to confirm anything.
    expect(await harness.db.emailChallenge.count({ where: { requestId: request.id } })).toBe(0);
    const topics = await harness.db.outboxMessage.findMany({
      where: { payload: { path: ['requestId'], equals: request.id } },
      select: { topic: true },
    });
    // The two notices, and the planning of notifications to the systems that sell or share.
    expect(topics.map(({ topic }) => topic).sort()).toEqual([
      'fulfilment.plan_opt_out',
      'mail.receipt_confirmation',
      'mail.request_completed',
    ]);

    // Regs 7063: the agent made the request and is answered, worded as its agent; the consumer is not written to.
    const completed = await harness.mailTo('pat.agent@example.com', (mail) =>
      mail.subject.includes(`${request.reference} is complete`),
    );
    expect(completed.text).toContain('authorized agent of');
    expect(completed.text).toContain('opt Chris Consumer out of the sale');
    expect(await harness.mailsTo(consumerEmail, 0)).toEqual([]);
    const confirmation = await visitor.get(`/confirmation/${request.reference}`);
    expect(confirmation.body).toContain('No verification is needed. We act on your request now.');
  });

  it('completes a limit sent with a power of attorney', async () => {
    const consumerEmail = uniqueEmail();
    const request = await submittedRequest(
      await postAgentForm(
        new CookieClient(harness.app),
        agentFields('limit', consumerEmail, { documentKind: 'power_of_attorney' }),
      ),
    );
    expect(request).toMatchObject({ type: 'limit', status: 'completed' });
    expect(await preferencesOf(consumerEmail)).toMatchObject({
      doNotSellOrShare: false,
      limitSensitiveUse: true,
    });
  });

  it('still asks the consumer to verify a delete sent with a power of attorney', async () => {
    const consumerEmail = uniqueEmail();
    const request = await submittedRequest(
      await postAgentForm(
        new CookieClient(harness.app),
        agentFields('delete', consumerEmail, { documentKind: 'power_of_attorney' }),
      ),
    );
    expect(request.status).toBe('awaiting_verification');
    const challenges = await harness.db.emailChallenge.findMany({ where: { requestId: request.id } });
    expect(challenges.map((challenge) => challenge.purpose)).toEqual(['request_verification']);
    expect((await preferencesOf(consumerEmail)).doNotSellOrShare).toBe(false);
  });
});

describe("an agent's request to correct (Civ. 1798.106; Regs 7023)", () => {
  it('keeps the correction and asks the consumer to confirm the agent by their own email', async () => {
    const consumerEmail = uniqueEmail();
    const request = await submittedRequest(
      await postAgentForm(
        new CookieClient(harness.app),
        agentFields('correct', consumerEmail, {
          correctionField: 'postal_address',
          currentValue: '1 Old Road, Fresno CA 93650',
          requestedValue: '2 New Street, Fresno CA 93650',
          explanation: 'The consumer moved in March.',
        }),
      ),
    );
    expect(request).toMatchObject({
      type: 'correct',
      submitter: 'authorized_agent',
      status: 'awaiting_agent_authorization',
    });
    expect(request.state).toMatchObject({
      correctedDataPoint: 'postal_address',
      agentAuthorization: { signedPermission: true, consumerConfirmedPermission: false },
    });
    const subject = await harness.db.requestSubject.findUniqueOrThrow({ where: { requestId: request.id } });
    expect(subject.correction).toEqual({
      field: 'postal_address',
      currentValue: '1 Old Road, Fresno CA 93650',
      requestedValue: '2 New Street, Fresno CA 93650',
      explanation: 'The consumer moved in March.',
    });
    const challenges = await harness.db.emailChallenge.findMany({ where: { requestId: request.id } });
    expect(challenges.map((challenge) => challenge.purpose)).toEqual(['agent_authorization_confirmation']);
    const [confirmation] = await harness.mailsTo(consumerEmail, 1);
    expect(confirmation?.subject).toBe(
      `Did you authorize an agent to make privacy request ${request.reference}?`,
    );
    expect(confirmation?.text).toContain('Pat Agent');
  });

  it('re-renders the form with the correction typed and a message on each bad field', async () => {
    const fields = agentFields('correct', uniqueEmail(), {
      correctionField: 'shoe_size',
      currentValue: 'Chris Consumre',
      requestedValue: '',
      explanation: 'Typo in the surname & "quotes"',
    });
    const response = await postAgentForm(new CookieClient(harness.app), fields);
    expect(response.status).toBe(400);
    expect(response.body).toContain('There is a problem');
    for (const field of ['correctionField', 'requestedValue']) {
      expect(response.body, field).toContain(`href="#field-${field}"`);
      expect(response.body, field).toContain(`id="field-${field}-error"`);
      expect(response.body, field).toMatch(new RegExp(`aria-describedby="[^"]*field-${field}-error`));
    }
    expect(response.body).not.toContain('id="field-currentValue-error"');
    expect(response.body).toMatch(/<textarea id="field-currentValue"[^>]*>Chris Consumre<\/textarea>/);
    expect(response.body).toMatch(
      /<textarea id="field-explanation"[^>]*>Typo in the surname &amp; &quot;quotes&quot;<\/textarea>/,
    );
    expect(response.body).toContain('value="Pat Agent"');
    expect(await harness.db.requestSubject.count({ where: { email: fields.email } })).toBe(0);
  });

  it('keeps the chosen field selected and words the messages in Spanish', async () => {
    const response = await postAgentForm(
      new CookieClient(harness.app, { 'accept-language': 'es' }),
      agentFields('correct', uniqueEmail(), {
        correctionField: 'phone',
        currentValue: '',
        requestedValue: '',
      }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toContain('Hay un problema');
    expect(response.body).toContain('Solo para una solicitud de corrección.');
    expect(response.body).toContain('<option value="phone" selected>');
    expect(response.body).toContain('id="field-currentValue-error"');
    expect(response.body).toContain('<option value="correct" selected>');
  });

  it('leaves the correction part out of a request of another type', async () => {
    const response = await postAgentForm(
      new CookieClient(harness.app),
      agentFields('delete', uniqueEmail(), {
        correctionField: 'name',
        currentValue: 'A',
        requestedValue: 'B',
      }),
    );
    const request = await submittedRequest(response);
    const subject = await harness.db.requestSubject.findUniqueOrThrow({ where: { requestId: request.id } });
    expect(subject.correction).toBeNull();
  });
});

describe("an agent's request about sensitive data (Regs 7062(d))", () => {
  async function storedState(fields: Record<string, string>) {
    const request = await submittedRequest(await postAgentForm(new CookieClient(harness.app), fields));
    const loaded = await findRequest(harness.db, request.id);
    expect(loaded).not.toBeNull();
    return loaded!.state;
  }

  it('asks whether a delete or correct concerns sensitive data, in agent terms', async () => {
    const english = await new CookieClient(harness.app).get('/agents');
    expect(english.body).toMatch(
      /<input id="field-sensitiveData" name="sensitiveData" type="checkbox" value="yes"/,
    );
    expect(english.body).toContain(
      'We will then ask the consumer for more proof of identity and a signed declaration.',
    );
    expect(english.body).toContain('Only for a request to delete or to correct.');
    const spanish = await new CookieClient(harness.app, { 'accept-language': 'es' }).get('/agents');
    expect(spanish.body).toContain(
      'pediremos al consumidor más pruebas de su identidad y una declaración firmada',
    );
  });

  it('stores a delete with the box ticked as sensitive, to be verified at the high level with a declaration', async () => {
    const state = await storedState(agentFields('delete', uniqueEmail(), { sensitiveData: 'yes' }));
    expect(state).toMatchObject({ type: 'delete', submitter: 'authorized_agent', sensitiveData: true });
    const required = requiredVerification(state, harness.app.deps.policy.lifecycle.verification);
    expect(required).toMatchObject({ level: 'reasonably_high', dataPoints: 3, declarationRequired: true });
  });

  it('leaves a delete without the box at the reasonable level', async () => {
    const state = await storedState(agentFields('delete', uniqueEmail()));
    expect(state.sensitiveData).toBe(false);
    expect(requiredVerification(state, harness.app.deps.policy.lifecycle.verification).level).toBe(
      'reasonable',
    );
  });

  it('ignores the box on an opt-out, which needs no verification (Regs 7026)', async () => {
    const state = await storedState(agentFields('opt_out', uniqueEmail(), { sensitiveData: 'yes' }));
    expect(state).toMatchObject({ type: 'opt_out', status: 'completed', sensitiveData: false });
    expect(requiredVerification(state, harness.app.deps.policy.lifecycle.verification).level).toBe('none');
  });

  it('keeps the box ticked when the form is refused', async () => {
    const response = await postAgentForm(
      new CookieClient(harness.app),
      agentFields('correct', uniqueEmail(), { sensitiveData: 'yes', correctionField: 'shoe_size' }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatch(
      /<input id="field-sensitiveData" name="sensitiveData" type="checkbox" value="yes" checked/,
    );
  });
});

/** The 8-byte signature and an IHDR chunk claiming these dimensions: all a header reader looks at. */
function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(13);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    length,
    Buffer.from('IHDR'),
    header,
    Buffer.alloc(4),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from('IEND'),
    Buffer.alloc(4),
  ]);
}

describe('agent documents', () => {
  it('refuse an image whose header claims more pixels than a viewer can open, keeping the form', async () => {
    const visitor = new CookieClient(harness.app);
    const posted = await postAgentForm(visitor, agentFields('opt_out', uniqueEmail()), {
      name: 'permission.png',
      type: 'image/png',
      content: pngClaiming(100_000, 100_000),
    });
    expect(posted.status).toBe(400);
    expect(posted.body).toContain('too large to open');
    expect(posted.body).toContain('Pat Agent');
  });

  it('accept a scan of ordinary size', async () => {
    const visitor = new CookieClient(harness.app);
    const posted = await postAgentForm(visitor, agentFields('opt_out', uniqueEmail()), {
      name: 'permission.png',
      type: 'image/png',
      content: pngClaiming(2_550, 3_300),
    });
    const request = await submittedRequest(posted);
    const [document] = await harness.db.agentDocument.findMany({ where: { requestId: request.id } });
    expect(document?.mediaType).toBe('image/png');
  });
});
