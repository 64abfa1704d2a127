import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../src/domain/access-policy.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { useTestApp } from './support/app.js';

const harness = useTestApp();
const tokens = {} as Record<StaffRole, string>;

const SYSTEM = { type: 'system', id: 'test' } as const;

beforeAll(async () => {
  await harness.app.ready();
  for (const role of ['admin', 'privacy_officer', 'call_center_agent', 'auditor', 'integration'] as const) {
    const created = await createApiToken(
      { db: harness.db, clock: { now: () => new Date() } },
      { input: { name: `${role} token`, role }, actor: SYSTEM },
    );
    tokens[role] = created.token;
  }
});

function call(role: StaffRole | null, method: 'GET' | 'POST', url: string, payload?: object) {
  return harness.app.inject({
    method,
    url,
    headers: role ? { authorization: `Bearer ${tokens[role]}` } : {},
    ...(payload ? { payload } : {}),
  });
}

function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}

const subject = {
  firstName: 'Maria',
  lastName: 'Lopez',
  email: 'maria.lopez@example.com',
  phone: '+14155550199',
  state: 'CA',
};

async function logDeleteByPhone(receivedAt = new Date()) {
  const response = await call('privacy_officer', 'POST', '/api/v1/staff/requests', {
    type: 'delete',
    subject,
    channel: 'phone',
    receivedAt: receivedAt.toISOString(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('authentication and roles', () => {
  it('refuses a call without a token with 401 and a Bearer challenge', async () => {
    const response = await call(null, 'GET', '/api/v1/staff/requests');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json().error.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('refuses an unknown token with 401', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/staff/requests',
      headers: { authorization: 'Bearer rd_not-a-real-token' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a role that may not act with 403', async () => {
    expect((await call('call_center_agent', 'GET', '/api/v1/staff/requests')).statusCode).toBe(403);
    expect((await call('integration', 'GET', '/api/v1/staff/requests')).statusCode).toBe(403);
    const created = await logDeleteByPhone();
    const response = await call('auditor', 'POST', `/api/v1/staff/requests/${created.id}/start`, {});
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('AUTH.FORBIDDEN');
  });
});

describe('logging a request received by phone', () => {
  it('counts the deadlines from the day of the call, three days ago', async () => {
    const receivedAt = daysAgo(3);
    const created = await logDeleteByPhone(receivedAt);
    const receiptDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(
      receivedAt,
    );
    const day1 = new Date(`${receiptDate}T12:00:00Z`);
    const expectedRespondBy = new Date(day1.getTime() + 44 * 86_400_000).toISOString().slice(0, 10);
    expect(created).toMatchObject({
      type: 'delete',
      status: 'awaiting_verification',
      channel: 'phone',
      receivedAt: receivedAt.toISOString(),
      deadlines: { respondBy: expectedRespondBy, extended: false },
    });
    expect(created.reference).toMatch(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(created.deadlines.acknowledgeBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lets a call-center agent log a request', async () => {
    const response = await call('call_center_agent', 'POST', '/api/v1/staff/requests', {
      type: 'opt_out',
      subject,
      channel: 'phone',
    });
    expect(response.statusCode).toBe(201);
    // An opt-out needs no verification: applied as it is logged (Regs 7026(f)).
    expect(response.json().status).toBe('completed');
    const preference = await harness.db.consumerPreference.findUnique({
      where: { identityKind_identityValue: { identityKind: 'phone', identityValue: subject.phone } },
    });
    expect(preference?.doNotSellOrShare).toBe(true);
  });

  it('rejects a receipt time in the future and a web channel, field by field', async () => {
    const future = await call('privacy_officer', 'POST', '/api/v1/staff/requests', {
      type: 'delete',
      subject,
      channel: 'phone',
      receivedAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.issues).toEqual([{ path: 'receivedAt', message: expect.any(String) }]);

    const web = await call('privacy_officer', 'POST', '/api/v1/staff/requests', {
      type: 'delete',
      subject: { ...subject, email: 'nope' },
      channel: 'web',
    });
    expect(web.statusCode).toBe(400);
    const paths = web.json().error.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['channel', 'subject.email']));
  });
});

describe('working a request', () => {
  it('verifies, starts, extends and completes it, and shows the whole trail', async () => {
    const created = await logDeleteByPhone();
    const base = `/api/v1/staff/requests/${created.id}`;
    const verified = await call('privacy_officer', 'POST', `${base}/verify`, {
      method: 'records_match',
      dataPoints: ['name', 'email'],
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().status).toBe('verified');
    expect((await call('privacy_officer', 'POST', `${base}/start`, {})).json().status).toBe('in_progress');
    const extended = await call('privacy_officer', 'POST', `${base}/extend`, {
      reason: 'Records held by a vendor',
    });
    expect(extended.json().deadlines).toMatchObject({
      extended: true,
      respondBy: created.deadlines.extendedRespondBy,
    });
    const completed = await call('privacy_officer', 'POST', `${base}/complete`, { summary: 'Deleted.' });
    expect(completed.json().status).toBe('completed');

    const detail = await call('auditor', 'GET', base);
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.subject.email).toBe(subject.email);
    expect(body.deadlines.explanations.respondBy).toContain('Regs 7021');
    expect(body.history.map((entry: { action: string }) => entry.action)).toEqual([
      'request_submitted',
      'request_verified',
      'work_started',
      'deadline_extended',
      'request_completed',
    ]);
    const again = await call('auditor', 'GET', base);
    expect(again.json().history.at(-1).action).toBe('request.personal_data_viewed');
  });

  it('answers an illegal action with 409 and its code, a missing request with 404', async () => {
    const created = await logDeleteByPhone();
    const illegal = await call('privacy_officer', 'POST', `/api/v1/staff/requests/${created.id}/complete`, {
      summary: 'Too early',
    });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error.code).toBe('REQUEST.ILLEGAL_TRANSITION');

    const missing = await call(
      'privacy_officer',
      'GET',
      '/api/v1/staff/requests/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.statusCode).toBe(404);
  });

  it('lets exactly one of two concurrent completions succeed', async () => {
    const created = await logDeleteByPhone();
    const base = `/api/v1/staff/requests/${created.id}`;
    await call('privacy_officer', 'POST', `${base}/verify`, {
      method: 'records_match',
      dataPoints: ['name', 'email'],
    });
    await call('privacy_officer', 'POST', `${base}/start`, {});
    const outcomes = await Promise.all([
      call('privacy_officer', 'POST', `${base}/complete`, { summary: 'Done by A' }),
      call('admin', 'POST', `${base}/complete`, { summary: 'Done by B' }),
    ]);
    expect(outcomes.map((response) => response.statusCode).sort()).toEqual([200, 409]);
  });

  it('denies a deletion only with a statutory exception', async () => {
    const created = await logDeleteByPhone();
    const base = `/api/v1/staff/requests/${created.id}`;
    await call('privacy_officer', 'POST', `${base}/verify`, {
      method: 'records_match',
      dataPoints: ['name', 'email'],
    });
    const withoutException = await call('privacy_officer', 'POST', `${base}/deny`, {
      reasonCode: 'deletion_exception',
      explanation: 'We must keep billing records.',
    });
    expect(withoutException.statusCode).toBe(400);
    const denied = await call('privacy_officer', 'POST', `${base}/deny`, {
      reasonCode: 'deletion_exception',
      explanation: 'We must keep billing records.',
      exception: 'legal_obligation',
    });
    expect(denied.statusCode, denied.body).toBe(200);
    expect(denied.json().status).toBe('denied');
  });
});

describe('the queue', () => {
  it('lists requests nearest their response deadline first, a page at a time', async () => {
    await logDeleteByPhone(daysAgo(10));
    await logDeleteByPhone(daysAgo(1));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/staff/requests?status=awaiting_verification&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call('auditor', 'GET', query);
      expect(page.statusCode).toBe(200);
      const body = page.json();
      seen.push(...body.items.map((item: { deadlines: { respondBy: string } }) => item.deadlines.respondBy));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect([...seen].sort()).toEqual(seen);
  });

  it('rejects an unknown filter value with 400', async () => {
    const response = await call('auditor', 'GET', '/api/v1/staff/requests?status=lost');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues[0].path).toBe('status');
  });
});

describe('the Shine the Light suppression list (Civ. 1798.83(c)(2))', () => {
  it('takes a suppression by phone with one identifier, applied as it is logged', async () => {
    const response = await call('call_center_agent', 'POST', '/api/v1/staff/requests', {
      type: 'stl_suppression',
      subject: { phone: '+14155550142' },
      channel: 'phone',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ type: 'stl_suppression', status: 'completed' });
  });

  it('exports the list as CSV to officers and auditors only, auditing each export', async () => {
    const exported = await call('auditor', 'GET', '/api/v1/staff/suppression-list');
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.headers['content-disposition']).toBe('attachment; filename="suppression-list.csv"');
    expect(exported.body).toMatch(
      /^"identity_kind","identity_value","added_at"\r\n"phone","\+14155550142","[0-9T:.-]+Z"\r\n$/,
    );
    expect((await call('call_center_agent', 'GET', '/api/v1/staff/suppression-list')).statusCode).toBe(403);
    expect((await call('integration', 'GET', '/api/v1/staff/suppression-list')).statusCode).toBe(403);
    const audited = await harness.db.auditEvent.findMany({ where: { action: 'suppression_list.exported' } });
    expect(audited).toMatchObject([{ actorType: 'api_token', requestId: null, payload: { identities: 1 } }]);
  });
});

describe('the OpenAPI document', () => {
  it('describes every staff endpoint', async () => {
    const document = (await harness.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/staff/requests/',
        '/api/v1/staff/requests/{id}',
        '/api/v1/staff/requests/{id}/verify',
        '/api/v1/staff/requests/{id}/extend',
        '/api/v1/staff/requests/{id}/deny',
        '/api/v1/staff/suppression-list/',
      ]),
    );
    const suppressionList = document.paths['/api/v1/staff/suppression-list/'].get.responses['200'];
    expect(Object.keys(suppressionList.content)).toEqual(['text/csv']);
  });
});
