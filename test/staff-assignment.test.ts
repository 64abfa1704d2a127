import { beforeAll, describe, expect, it } from 'vitest';
import { submitRequest } from '../src/services/requests/submit-request.js';
import type { RequestSummary } from '../src/services/requests/request-summary.js';
import { useTestApp } from './support/app.js';
import type { CookieClient } from './support/cookie-client.js';
import { createTestClock, MONDAY_MORNING, submission } from './support/services.js';
import { createStaffUser, signIn, type TestStaffUser } from './support/staff.js';

const clock = createTestClock(MONDAY_MORNING);
const harness = useTestApp({ clock });
let olive: TestStaffUser;
let oscar: TestStaffUser;
let oliveBrowser: CookieClient;
let oscarBrowser: CookieClient;

beforeAll(async () => {
  olive = await createStaffUser(harness.db, harness.config, {
    role: 'privacy_officer',
    name: 'Olive Officer',
  });
  oscar = await createStaffUser(harness.db, harness.config, {
    role: 'privacy_officer',
    name: 'Oscar Officer',
  });
  oliveBrowser = await signIn(harness.app, olive, clock.now());
  oscarBrowser = await signIn(harness.app, oscar, clock.now());
});

async function newRequest(): Promise<RequestSummary> {
  const deps = { db: harness.db, clock: harness.app.deps.clock, policy: harness.app.deps.policy };
  return submitRequest(deps, { input: submission('delete'), actor: { type: 'consumer', id: null } });
}

async function stored(requestId: string) {
  return harness.db.privacyRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: { assigneeId: true, version: true },
  });
}

const assignedEventsOf = (requestId: string) =>
  harness.db.auditEvent.count({ where: { requestId, action: 'request.assigned' } });

describe('assigning requests', () => {
  it('bumps the version, so a queue page listing the old assignment cannot overwrite a newer one', async () => {
    const request = await newRequest();
    const before = await stored(request.id);
    const queue = await oliveBrowser.get('/staff');
    const ticked = new RegExp(`name="requestIds" value="(${request.id}:\\d+)"`).exec(queue.body)?.[1];
    expect(ticked).toBe(`${request.id}:${before.version}`);

    // Oscar takes it from the request page while Olive's queue page is open.
    const taken = await oscarBrowser.post(
      `/staff/requests/${request.id}/assign`,
      { assigneeId: oscar.id },
      `/staff/requests/${request.id}`,
    );
    expect(taken.statusCode).toBe(303);
    expect(await stored(request.id)).toEqual({ assigneeId: oscar.id, version: before.version + 1 });

    const stale = await oliveBrowser.post(
      '/staff/assign',
      { requestIds: [ticked!], assigneeId: olive.id, returnTo: '/staff' },
      '/staff',
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`${request.reference} changed since this page was shown`);
    expect(stale.body).toContain('role="alert"');
    expect(await stored(request.id)).toEqual({ assigneeId: oscar.id, version: before.version + 1 });
    expect(await assignedEventsOf(request.id)).toBe(1);
  });

  it('assigns none of a bulk selection when one of them is stale', async () => {
    const fresh = await newRequest();
    const changed = await newRequest();
    const versions = { fresh: (await stored(fresh.id)).version, changed: (await stored(changed.id)).version };
    await oscarBrowser.post(
      `/staff/requests/${changed.id}/assign`,
      { assigneeId: oscar.id },
      `/staff/requests/${changed.id}`,
    );
    const response = await oliveBrowser.post(
      '/staff/assign',
      {
        requestIds: [`${fresh.id}:${versions.fresh}`, `${changed.id}:${versions.changed}`],
        assigneeId: olive.id,
        returnTo: '/staff',
      },
      '/staff',
    );
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain(changed.reference);
    expect(await stored(fresh.id)).toEqual({ assigneeId: null, version: versions.fresh });
    expect(await assignedEventsOf(fresh.id)).toBe(0);

    const current = (await stored(changed.id)).version;
    const retried = await oliveBrowser.post(
      '/staff/assign',
      {
        requestIds: [`${fresh.id}:${versions.fresh}`, `${changed.id}:${current}`],
        assigneeId: olive.id,
        returnTo: '/staff',
      },
      '/staff',
    );
    expect(retried.statusCode).toBe(303);
    expect(await stored(changed.id)).toEqual({ assigneeId: olive.id, version: current + 1 });
  });

  it('refuses a request page assignment sent with a stale version, re-rendering the page with why', async () => {
    const request = await newRequest();
    const { version } = await stored(request.id);
    await oscarBrowser.post(
      `/staff/requests/${request.id}/assign`,
      { assigneeId: oscar.id, version: String(version) },
      `/staff/requests/${request.id}`,
    );
    const stale = await oliveBrowser.post(
      `/staff/requests/${request.id}/assign`,
      { assigneeId: 'unassigned', version: String(version) },
      `/staff/requests/${request.id}`,
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('changed since this page was shown');
    expect((await stored(request.id)).assigneeId).toBe(oscar.id);
  });
});
