import { beforeAll, describe, expect, it } from 'vitest';
import { closeUnverifiedRequests } from '../src/jobs/close-unverified-requests.js';
import { hashToken } from '../src/secrets.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { recordGpcOptOut } from '../src/services/preferences/record-gpc-opt-out.js';
import { NO_RATE_LIMITS, useTestApp } from './support/app.js';

const harness = useTestApp({ environment: NO_RATE_LIMITS });
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const role of ['integration', 'auditor'] as const) {
    const created = await createApiToken(
      { db: harness.db, clock: { now: () => new Date() } },
      { input: { name: role, role }, actor: { type: 'system', id: 'test' } },
    );
    tokens[role] = created.token;
  }
});

const preferences = (query: string, role: string | null = 'integration') =>
  harness.app.inject({
    method: 'GET',
    url: `/api/v1/preferences?${query}`,
    headers: role ? { authorization: `Bearer ${tokens[role]}` } : {},
  });

describe('preferences API', () => {
  it('reports an opt-out by email, phone and account number to an integration token only', async () => {
    const before = await preferences('email=opted.out%40example.com');
    expect(before.json()).toEqual({
      doNotSellOrShare: false,
      limitSensitiveUse: false,
      nevadaNoSale: false,
      directMarketingSuppressed: false,
      minorWithoutOptIn: false,
      optInMayBeAskedFrom: null,
      since: null,
    });

    const submitted = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        type: 'opt_out',
        subject: {
          firstName: 'Opted',
          lastName: 'Out',
          email: 'Opted.Out@Example.com',
          phone: '415-555-0177',
          accountNumber: 'AC-77',
          state: 'CA',
        },
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);

    for (const query of [
      'email=opted.out%40example.com',
      'phone=%2B14155550177',
      'phone=(415)%20555-0177',
      'accountNumber=AC-77',
    ]) {
      const response = await preferences(query);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        doNotSellOrShare: true,
        limitSensitiveUse: false,
        nevadaNoSale: false,
        directMarketingSuppressed: false,
        minorWithoutOptIn: false,
        optInMayBeAskedFrom: null,
        since: expect.any(String),
      });
    }
    expect((await preferences('email=opted.out%40example.com', null)).statusCode).toBe(401);
    expect((await preferences('email=opted.out%40example.com', 'auditor')).statusCode).toBe(403);
    const both = await preferences('email=a%40example.com&phone=4155550100');
    expect(both.statusCode).toBe(400);
    expect(both.json().error.issues[0].path).toBe('email');
    expect(harness.logLines.join('\n')).not.toContain('opted.out');
  });
});

describe('a Shine the Light suppression (Civ. 1798.83(c)(2))', () => {
  const identities = ['email=sam.lee%40example.com', 'phone=%2B14155550188', 'accountNumber=SL-88'];

  it('sets directMarketingSuppressed at once for every identity it gave, and nothing else', async () => {
    const submitted = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        type: 'stl_suppression',
        subject: { email: 'Sam.Lee@example.com', phone: '415-555-0188', accountNumber: 'sl 88' },
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json()).toMatchObject({ status: 'completed', verificationEmailSent: false });

    for (const query of identities) {
      const response = await preferences(query);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json(), query).toEqual({
        doNotSellOrShare: false,
        limitSensitiveUse: false,
        nevadaNoSale: false,
        directMarketingSuppressed: true,
        minorWithoutOptIn: false,
        optInMayBeAskedFrom: null,
        since: expect.any(String),
      });
    }
  });

  it('needs one identity to apply it to, and no name or state', async () => {
    const submitted = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { type: 'stl_suppression', subject: {} },
    });
    expect(submitted.statusCode).toBe(400);
    expect(submitted.json().error.issues).toEqual([
      expect.objectContaining({
        path: 'subject.email',
        message: 'give an email address, a phone number or an account number to apply it to',
      }),
    ]);
  });

  it('keeps the date it was first added when the same identity asks again', async () => {
    const first = (await preferences(identities[0] ?? '')).json().since;
    const again = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { type: 'stl_suppression', subject: { accountNumber: 'SL-88' } },
    });
    expect(again.statusCode, again.body).toBe(201);
    expect((await preferences(identities[2] ?? '')).json().since).toBe(first);
  });
});

describe('closing unverified requests', () => {
  it('closes a request still unverified after its deadline, once, and mails the consumer', async () => {
    const submitted = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        type: 'delete',
        subject: { firstName: 'Late', lastName: 'Reply', email: 'late@example.com', state: 'CA' },
      },
    });
    const { reference } = submitted.json();
    const later = new Date(Date.now() + 60 * 86_400_000);
    const deps = { ...harness.app.deps, clock: { now: () => later }, logger: harness.app.log };
    const [closedHere, closedThere] = await Promise.all([
      closeUnverifiedRequests(deps),
      closeUnverifiedRequests(deps),
    ]);
    expect(closedHere + closedThere).toBe(1);
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(row.status).toBe('closed_unverified');
    const outbox = await harness.db.outboxMessage.findMany({
      where: { topic: 'mail.request_closed_unverified' },
    });
    expect(outbox).toHaveLength(1);
    expect(await closeUnverifiedRequests(deps)).toBe(0);
  });
});

describe('an opt-out still waiting', () => {
  it('records no preference for an opt-out still waiting: an agent’s authorization, a Nevada verification', async () => {
    const waiting = [
      {
        type: 'opt_out',
        submitter: 'authorized_agent',
        agent: { kind: 'person', name: 'Agent Smith', email: 'agent.smith@example.com' },
        subject: { firstName: 'Wait', lastName: 'Ing', email: 'waiting.agent@example.com', state: 'CA' },
      },
      {
        type: 'nv_opt_out',
        subject: { firstName: 'Wait', lastName: 'Ing', email: 'waiting.nevada@example.com', state: 'NV' },
      },
    ];
    for (const payload of waiting) {
      const submitted = await harness.app.inject({ method: 'POST', url: '/api/v1/requests', payload });
      expect(submitted.statusCode, submitted.body).toBe(201);
      expect(submitted.json().status).not.toBe('completed');
      const email = encodeURIComponent(payload.subject.email);
      expect((await preferences(`email=${email}`)).json()).toMatchObject({
        doNotSellOrShare: false,
        nevadaNoSale: false,
        since: null,
      });
    }
  });
});

describe('a Global Privacy Control opt-out', () => {
  it('records exactly one completed request, naming nobody and sending nothing, for signals of one new browser at once', async () => {
    const browserToken = 'one-browser-signalling-from-many-tabs-at-once';
    const results = await Promise.all(
      Array.from({ length: 8 }, () => recordGpcOptOut(harness.app.deps, { browserToken })),
    );
    expect(results.filter((result) => result.recorded)).toHaveLength(1);
    const requestReference = results.find((result) => result.recorded)?.requestReference ?? '';
    expect(results.every((result) => result.requestReference === requestReference)).toBe(true);
    const request = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { reference: requestReference },
    });
    expect(request).toMatchObject({ type: 'opt_out', channel: 'gpc', status: 'completed' });
    expect(await harness.db.requestSubject.count({ where: { requestId: request.id } })).toBe(0);
    expect(request.state).toMatchObject({ summary: expect.stringContaining('Global Privacy Control') });
    const mail = { payload: { path: ['requestId'], equals: request.id } };
    expect(await harness.db.outboxMessage.count({ where: mail })).toBe(0);
    const audit = await harness.db.auditEvent.findMany({
      where: { requestId: request.id },
      orderBy: { sequence: 'asc' },
    });
    expect(audit.map((event) => [event.action, event.actorType, event.actorId])).toEqual([
      ['request_submitted', 'system', 'global-privacy-control'],
      ['request_completed', 'system', 'global-privacy-control'],
    ]);
    const browser = await harness.db.gpcBrowser.findUniqueOrThrow({
      where: { cookieHash: hashToken(browserToken) },
    });
    expect(browser.requestId).toBe(request.id);
  });
});

// Regs 7026(c), 7027(d): an opt-out or limit asks only for what is needed to apply it.
describe('an opt-out or limit with one identifier only', () => {
  const submit = (type: string, subject: Record<string, string>) =>
    harness.app.inject({ method: 'POST', url: '/api/v1/requests', payload: { type, subject } });

  it.each<[string, string, Record<string, string>, string, string]>([
    [
      'an email',
      'opt_out',
      { email: 'only.email@example.com' },
      'email=only.email%40example.com',
      'doNotSellOrShare',
    ],
    ['a phone number', 'opt_out', { phone: '(415) 555-0199' }, 'phone=%2B14155550199', 'doNotSellOrShare'],
    ['an account number', 'limit', { accountNumber: 'pc-4455' }, 'accountNumber=PC4455', 'limitSensitiveUse'],
  ])('given only %s, when a %s is sent, then it is applied to it', async (_, type, subject, query, flag) => {
    const submitted = await submit(type, subject);
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json()).toMatchObject({ status: 'completed' });
    expect((await preferences(query)).json()).toMatchObject({ [flag]: true });
  });

  it('refuses an opt-out with no identifier, naming the field', async () => {
    const refused = await submit('opt_out', { firstName: 'No', lastName: 'Identifier' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([
      { path: 'subject.email', message: expect.stringContaining('phone number or an account number') },
    ]);
  });

  it('still asks a delete request for the name and state', async () => {
    const refused = await submit('delete', { email: 'no.name@example.com' });
    expect(refused.statusCode).toBe(400);
    expect(
      refused
        .json()
        .error.issues.map((issue: { path: string }) => issue.path)
        .sort(),
    ).toEqual(['subject.firstName', 'subject.lastName', 'subject.state']);
  });
});
