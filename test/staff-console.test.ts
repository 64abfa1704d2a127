import { beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../src/domain/lifecycle/index.js';
import { upsertCustomers } from '../src/services/customers/customers-repo.js';
import { listQueue } from '../src/services/queue/list-queue.js';
import { decodeQueueCursor } from '../src/services/queue/queue-cursor.js';
import { getRequest } from '../src/services/requests/get-request.js';
import { recordGpcOptOut } from '../src/services/preferences/record-gpc-opt-out.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import type { RequestSummary } from '../src/services/requests/request-summary.js';
import { useTestApp } from './support/app.js';
import type { CookieClient } from './support/cookie-client.js';
import { createTestClock, MONDAY_MORNING, submission } from './support/services.js';
import { createStaffUser, signIn, type TestStaffUser } from './support/staff.js';

const clock = createTestClock(MONDAY_MORNING);
const harness = useTestApp({ clock });
let officer: TestStaffUser;
let officerBrowser: CookieClient;
let overdue: RequestSummary;
let dueSoon: RequestSummary;

const CONSUMER = { type: 'consumer', id: null } as const;

function daysBefore(days: number): string {
  return new Date(new Date(MONDAY_MORNING).getTime() - days * 86_400_000).toISOString();
}

beforeAll(async () => {
  const deps = { db: harness.db, clock, policy: harness.app.deps.policy };
  await upsertCustomers(
    harness.db,
    [
      {
        accountNumber: 'AC1001',
        firstName: 'Jane',
        lastName: 'Roe',
        email: 'jane.roe@example.com',
        phone: '+14155550134',
        address: { line1: '1 Market Street', city: 'San Francisco', state: 'CA', postalCode: '94105' },
        lastInteractionDate: '2025-02-14',
      },
    ],
    clock.now(),
  );
  overdue = await submitRequest(deps, {
    input: submission('know', { receivedAt: daysBefore(50) }),
    actor: CONSUMER,
  });
  dueSoon = await submitRequest(deps, {
    input: submission('delete', { receivedAt: daysBefore(40) }),
    actor: CONSUMER,
  });
  // Open while its agent's proof is awaited (an opt-out without one is applied on arrival).
  const agent = { kind: 'person', name: 'Sam Agent' };
  await submitRequest(deps, {
    input: submission('opt_out', { receivedAt: daysBefore(1), agent }),
    actor: CONSUMER,
  });
  officer = await createStaffUser(harness.db, harness.config, {
    role: 'privacy_officer',
    name: 'Olive Officer',
  });
  officerBrowser = await signIn(harness.app, officer, clock.now());
});

describe('the queue', () => {
  it('lists open requests nearest deadline first, with overdue and due-soon told in text', async () => {
    const page = await officerBrowser.get('/staff');
    expect(page.statusCode).toBe(200);
    const overdueAt = page.body.indexOf(overdue.reference);
    const dueSoonAt = page.body.indexOf(dueSoon.reference);
    expect(overdueAt).toBeGreaterThan(0);
    expect(overdueAt).toBeLessThan(dueSoonAt);
    expect(page.body).toMatch(/Overdue by \d+ days/);
    expect(page.body).toMatch(/Due soon: \d+ days? left/);
    expect(page.body).toMatch(/<strong>1<\/strong> overdue/);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('filters to overdue by query string', async () => {
    const page = await officerBrowser.get('/staff?overdue=true');
    expect(page.body).toContain(overdue.reference);
    expect(page.body).not.toContain(dueSoon.reference);
  });

  it('filters to requests due within a number of days, today included', async () => {
    // Monday 3 March in Los Angeles; the deletion is due on Friday 7 March.
    expect(dueSoon.deadlines.respondBy).toBe('2025-03-07');
    const withinFour = await officerBrowser.get('/staff?dueWithinDays=4');
    expect(withinFour.body).toContain(dueSoon.reference);
    expect(withinFour.body).toContain(overdue.reference);
    const withinThree = await officerBrowser.get('/staff?dueWithinDays=3');
    expect(withinThree.body).not.toContain(dueSoon.reference);
    expect(withinThree.body).toContain(overdue.reference);
  });

  it('refuses a malformed filter with a message, not an error page', async () => {
    const page = await officerBrowser.get('/staff?dueWithinDays=lots');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('dueWithinDays');
  });

  it('pages with a keyset cursor that neither skips nor repeats', async () => {
    const deps = { db: harness.db, clock, policy: harness.app.deps.policy, config: harness.app.deps.config };
    const first = await listQueue(deps, { statuses: OPEN_STATUSES, limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await listQueue(deps, {
      statuses: OPEN_STATUSES,
      after: decodeQueueCursor(first.nextCursor!),
      limit: 2,
    });
    const all = await listQueue(deps, { statuses: OPEN_STATUSES, limit: 50 });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(
      all.items.map((item) => item.id),
    );
    expect(second.nextCursor).toBeNull();
  });

  it('searches by exact email with a POST, and audits the search without the email', async () => {
    const response = await officerBrowser.post('/staff/search', { query: 'JANE.ROE@example.com' }, '/staff');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(overdue.reference);
    const audit = await harness.db.auditEvent.findFirstOrThrow({
      where: { action: 'queue.searched' },
      orderBy: { sequence: 'desc' },
    });
    expect(audit.payload).toEqual({ by: 'email', results: 3 });
    expect(JSON.stringify(audit.payload)).not.toContain('jane');
  });

  it('goes straight to a request searched by its reference, however it was typed', async () => {
    const typed = overdue.reference.toLowerCase().replaceAll('-', ' ');
    const response = await officerBrowser.post('/staff/search', { query: typed }, '/staff');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/staff/requests/${overdue.id}`);
  });

  it('assigns in bulk and audits each assignment', async () => {
    const response = await officerBrowser.post(
      '/staff/assign',
      { requestIds: [overdue.id, dueSoon.id], assigneeId: officer.id, returnTo: '/staff?overdue=true' },
      '/staff',
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/staff?overdue=true&assigned=2');
    const mine = await officerBrowser.get('/staff?assignee=me');
    expect(mine.body).toContain(overdue.reference);
    expect(mine.body).toContain('Olive Officer');
    expect(await harness.db.auditEvent.count({ where: { action: 'request.assigned' } })).toBe(2);
  });
});

describe('the request page', () => {
  it('opens a Global Privacy Control opt-out, which names nobody, in the console and the API', async () => {
    const deps = { db: harness.db, clock, policy: harness.app.deps.policy, config: harness.app.deps.config };
    const { requestReference } = await recordGpcOptOut(deps, { browserToken: 'gpc-browser-for-staff-test' });
    const request = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { reference: requestReference! },
    });
    const page = await officerBrowser.get(`/staff/requests/${request.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('names nobody');
    const detail = await getRequest(deps, {
      requestId: request.id,
      actor: { type: 'staff', id: officer.id },
    });
    expect(detail).toMatchObject({ channel: 'gpc', type: 'opt_out', status: 'completed', subject: null });
  });

  it('shows the identity panel against the customer record and audits both viewings', async () => {
    const page = await officerBrowser.get(`/staff/requests/${dueSoon.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Customer record AC1001');
    expect(page.body).toMatch(
      /id="verify-point-account_number" name="dataPoints" value="account_number" checked/,
    );
    const actions = (await harness.db.auditEvent.findMany({ where: { requestId: dueSoon.id } })).map(
      (event) => event.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['request.personal_data_viewed', 'customer.records_viewed']),
    );
  });

  it('verifies, extends with a reason, completes, and queues the consumer mail', async () => {
    const page = `/staff/requests/${dueSoon.id}`;
    const verify = await officerBrowser.post(
      `${page}/verify`,
      { method: 'records_match', dataPoints: ['name', 'email', 'account_number'] },
      page,
    );
    expect(verify.statusCode, verify.body).toBe(303);
    expect((await officerBrowser.post(`${page}/start`, {}, page)).statusCode).toBe(303);
    const extend = await officerBrowser.post(
      `${page}/extend`,
      { reason: 'Billing archives take longer to search.' },
      page,
    );
    expect(extend.statusCode).toBe(303);
    const complete = await officerBrowser.post(
      `${page}/complete`,
      { summary: 'We deleted what the law lets us delete.' },
      page,
    );
    expect(complete.statusCode).toBe(303);
    const topics = (
      await harness.db.outboxMessage.findMany({
        where: { payload: { path: ['requestId'], equals: dueSoon.id } },
      })
    ).map((row) => row.topic);
    expect(topics).toEqual(expect.arrayContaining(['mail.extension_notice', 'mail.request_completed']));
    const after = await officerBrowser.get(page);
    expect(after.body).toMatch(/id="request-status">completed/);
    expect(after.body).toContain('We need more time for your privacy request');
  });

  it('re-renders an action refused by the rules with the reason and the typed values', async () => {
    const page = `/staff/requests/${overdue.id}`;
    const response = await officerBrowser.post(
      `${page}/verify`,
      { method: 'records_match', dataPoints: ['phone'] },
      page,
    );
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('error-summary');
    expect(response.body).toMatch(/value="phone" checked/);
  });

  it('re-renders an empty note with a field message', async () => {
    const page = `/staff/requests/${overdue.id}`;
    const response = await officerBrowser.post(`${page}/notes`, { body: '   ' }, page);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('field-error');
    const added = await officerBrowser.post(`${page}/notes`, { body: 'Called the customer back.' }, page);
    expect(added.statusCode).toBe(303);
    expect((await officerBrowser.get(page)).body).toContain('Called the customer back.');
  });

  it('asks the requester for more information through the outbox', async () => {
    const page = `/staff/requests/${overdue.id}`;
    const response = await officerBrowser.post(
      `${page}/request-information`,
      { message: 'Please send your account number.' },
      page,
    );
    expect(response.statusCode).toBe(303);
    const row = await harness.db.outboxMessage.findFirstOrThrow({
      where: { topic: 'mail.more_information_requested' },
    });
    expect(row.payload).toMatchObject({ requestId: overdue.id });
  });

  it('shows an auditor the request without any action, and refuses an action posted anyway', async () => {
    const auditor = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = await signIn(harness.app, auditor, clock.now());
    const page = await browser.get(`/staff/requests/${overdue.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<button type="submit">');
    expect(page.body).not.toContain('id="actions-heading"');
    const refused = await browser.post(
      `/staff/requests/${overdue.id}/start`,
      {},
      `/staff/requests/${overdue.id}`,
    );
    expect(refused.statusCode).toBe(403);
  });
});

/** The caller's answers every intake step below starts from. */
const JANE_DELETE_CALL = {
  type: 'delete',
  firstName: 'Jane',
  lastName: 'Roe',
  email: 'jane.roe@example.com',
};

describe('phone intake', () => {
  it('logs a phone request as the agent, queues the confirmation, and shows only their own submissions', async () => {
    const agent = await createStaffUser(harness.db, harness.config, { role: 'call_center_agent' });
    const browser = await signIn(harness.app, agent, clock.now());
    expect((await browser.get('/staff')).statusCode).toBe(403);
    expect((await browser.get(`/staff/requests/${overdue.id}`)).statusCode).toBe(403);

    const lookup = await browser.post(
      '/staff/intake/lookup',
      {
        ...JANE_DELETE_CALL,
        accountNumber: 'ac-1001',
        state: 'CA',
        callReference: '',
        confirmationBy: 'email',
      },
      '/staff/intake',
    );
    expect(lookup.statusCode).toBe(200);
    expect(lookup.body).toContain('Customer record <strong>AC1001</strong>');
    expect(lookup.body).toContain('value="Jane"');

    const missing = await browser.post(
      '/staff/intake',
      {
        ...JANE_DELETE_CALL,
        state: 'CA',
        callReference: 'C-1',
      },
      '/staff/intake',
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('confirm that you checked the caller');
    expect(missing.body).toContain('value="C-1"');

    const logged = await browser.post(
      '/staff/intake',
      {
        ...JANE_DELETE_CALL,
        accountNumber: 'AC1001',
        state: 'CA',
        confirmedDataPoints: ['name', 'account_number'],
        callReference: 'CALL-77',
        attestation: 'on',
        confirmationBy: 'email',
      },
      '/staff/intake',
    );
    expect(logged.statusCode).toBe(303);
    const reference = /logged=(RD-[0-9A-Z-]+)/.exec(logged.headers.location as string)![1]!;
    const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(request.channel).toBe('phone');
    const submitted = await harness.db.auditEvent.findFirstOrThrow({
      where: { requestId: request.id, action: 'request_submitted' },
    });
    expect(submitted.actorId).toBe(agent.id);
    expect(
      await harness.db.outboxMessage.count({
        where: { topic: 'mail.receipt_confirmation', payload: { path: ['requestId'], equals: request.id } },
      }),
    ).toBe(1);
    const note = await harness.db.requestNote.findFirstOrThrow({ where: { requestId: request.id } });
    expect(note.body).toContain('CALL-77');
    expect(note.body).toContain('name, account_number');

    const intake = await browser.get(`/staff/intake?logged=${reference}`);
    expect(intake.body).toContain(reference);
    expect(intake.body).not.toContain(overdue.reference);
  });
});
