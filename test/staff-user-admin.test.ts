import { beforeAll, describe, expect, it } from 'vitest';
import {
  changeStaffUserRole,
  disableStaffUser,
  StaffUserAdminError,
} from '../src/services/staff-accounts/staff-user-admin.js';
import { useTestApp } from './support/app.js';
import { CookieClient } from './support/cookie-client.js';
import { createStaffUser, signIn, STAFF_PASSWORD, totpCode, type TestStaffUser } from './support/staff.js';

const harness = useTestApp();
let admin: TestStaffUser;
let adminBrowser: CookieClient;

beforeAll(async () => {
  admin = await createStaffUser(harness.db, harness.config, { role: 'admin' });
  adminBrowser = await signIn(harness.app, admin);
});

function auditEventsFor(action: string, userId: string) {
  return harness.db.auditEvent.findMany({
    where: { action, payload: { path: ['userId'], equals: userId } },
    orderBy: { sequence: 'asc' },
  });
}

/** Posts one of the buttons on a user's page, as the admin. */
function postOnUserPage(userId: string, path: string, form: Record<string, string> = {}) {
  return adminBrowser.post(`/staff/users/${userId}${path}`, form, `/staff/users/${userId}`);
}

async function attemptSignIn(user: { email: string }, password = STAFF_PASSWORD) {
  const browser = new CookieClient(harness.app);
  const response = await browser.post('/staff/sign-in', { email: user.email, password });
  return { browser, response };
}

describe('staff users (/staff/users)', () => {
  it('lets an admin add a user, showing the one-time link once, with which the user chooses a password', async () => {
    const created = await adminBrowser.post(
      '/staff/users',
      { name: 'Nia Newcomer', email: 'Nia.Newcomer@RightsDesk.test', role: 'call_center_agent' },
      '/staff/users/new',
    );
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBeUndefined();
    const link = /id="sign-in-link"[^>]*value="([^"]+)"/.exec(created.body)?.[1];
    expect(link).toMatch(/^http:\/\/[^/]+\/staff\/welcome\/[A-Za-z0-9_-]{20,}$/);
    const token = link!.split('/').pop()!;
    const user = await harness.db.staffUser.findUniqueOrThrow({
      where: { email: 'nia.newcomer@rightsdesk.test' },
    });
    expect(user).toMatchObject({ name: 'Nia Newcomer', role: 'call_center_agent', passwordHash: null });

    // Once: the list and the user's page never show it again, and the log never had it.
    const list = await adminBrowser.get('/staff/users');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Nia Newcomer');
    expect(list.body).toContain('nia.newcomer@rightsdesk.test');
    expect(list.body).not.toContain(token);
    expect((await adminBrowser.get(`/staff/users/${user.id}`)).body).not.toContain(token);
    expect(harness.logLines.some((line) => line.includes(token))).toBe(false);

    const events = await auditEventsFor('staff.user_created', user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'staff', actorId: admin.id });
    expect(events[0]!.payload).toEqual({ userId: user.id, role: 'call_center_agent' });

    const newcomer = new CookieClient(harness.app);
    const path = new URL(link!).pathname;
    const set = await newcomer.post(path, {
      password: 'a long enough passphrase',
      confirmation: 'a long enough passphrase',
    });
    expect(set.statusCode).toBe(303);
    const { response } = await attemptSignIn(user, 'a long enough passphrase');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/staff/intake');
  });

  it('re-renders the new-user form with field errors and the values typed', async () => {
    const response = await adminBrowser.post(
      '/staff/users',
      { name: 'Kept Name', email: 'not-an-email', role: 'superuser' },
      '/staff/users/new',
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('value="Kept Name"');
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toMatch(/id="email-error">enter an email address/);
    expect(response.body).toMatch(/id="role-error">choose a role/);
    expect(await harness.db.staffUser.count({ where: { name: 'Kept Name' } })).toBe(0);

    const duplicate = await adminBrowser.post(
      '/staff/users',
      { name: 'Second Admin', email: admin.email.toUpperCase(), role: 'auditor' },
      '/staff/users/new',
    );
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('a staff user with this email already exists');
    expect(duplicate.body).toContain('value="Second Admin"');
  });

  it('lists users newest first with their state, a page at a time', async () => {
    const base = Date.now() + 60_000;
    await harness.db.staffUser.createMany({
      data: Array.from({ length: 51 }, (_, index) => ({
        email: `paged.${index}@rightsdesk.test`,
        name: `Paged User ${String(index).padStart(2, '0')}`,
        role: 'auditor' as const,
        createdAt: new Date(base + index * 1000),
      })),
    });
    const first = await adminBrowser.get('/staff/users');
    const rows = first.body.match(/<tr data-user-id=/g) ?? [];
    expect(rows).toHaveLength(50);
    expect(first.body.indexOf('Paged User 50')).toBeLessThan(first.body.indexOf('Paged User 49'));
    expect(first.body).toContain('href="/staff/users?page=2"');
    const second = await adminBrowser.get('/staff/users?page=2');
    expect(second.body).toContain('Paged User 00');
    expect(second.body).toContain(admin.email);
    expect(second.body).toMatch(/Previous page/);
    // A mistyped page number shows the first page.
    expect((await adminBrowser.get('/staff/users?page=abc')).body).toContain('Paged User 50');
  });

  it('changes a role, which applies from the user’s next page', async () => {
    const auditor = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const auditorBrowser = await signIn(harness.app, auditor);
    expect((await auditorBrowser.get('/staff')).statusCode).toBe(200);
    expect((await auditorBrowser.get('/staff/intake')).statusCode).toBe(403);

    const changed = await postOnUserPage(auditor.id, '/role', { role: 'call_center_agent' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe(`/staff/users/${auditor.id}?done=role_changed`);
    expect((await adminBrowser.get(changed.headers.location!)).body).toContain('The role is changed');

    expect((await auditorBrowser.get('/staff/intake')).statusCode).toBe(200);
    expect((await auditorBrowser.get('/staff')).statusCode).toBe(403);
    const events = await auditEventsFor('staff.role_changed', auditor.id);
    expect(events.map((event) => [event.actorId, event.payload])).toEqual([
      [admin.id, { userId: auditor.id, previousRole: 'auditor', role: 'call_center_agent' }],
    ]);

    const invalid = await postOnUserPage(auditor.id, '/role', { role: 'root' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toMatch(/id="role-error">choose a role/);
  });

  it('disables an account: its session ends and it cannot sign in, until enabled again', async () => {
    const officer = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const officerBrowser = await signIn(harness.app, officer);
    expect((await officerBrowser.get('/staff')).statusCode).toBe(200);

    const disabled = await postOnUserPage(officer.id, '/disable');
    expect(disabled.statusCode).toBe(303);
    const stale = await officerBrowser.get('/staff');
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe('/staff/sign-in');
    expect(await harness.db.staffSession.count({ where: { userId: officer.id, revokedAt: null } })).toBe(0);
    expect((await attemptSignIn(officer)).response.statusCode).toBe(401);
    expect((await adminBrowser.get(`/staff/users/${officer.id}`)).body).toMatch(
      /id="account-state">Disabled since/,
    );

    const again = await postOnUserPage(officer.id, '/disable');
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('disabled already');

    expect((await postOnUserPage(officer.id, '/enable')).statusCode).toBe(303);
    expect((await attemptSignIn(officer)).response.statusCode).toBe(303);

    const disabledEvents = await auditEventsFor('staff.user_disabled', officer.id);
    expect(disabledEvents.map((event) => event.payload)).toEqual([{ userId: officer.id, sessionsEnded: 1 }]);
    expect(disabledEvents[0]!.actorId).toBe(admin.id);
    const enabledEvents = await auditEventsFor('staff.user_enabled', officer.id);
    expect(enabledEvents.map((event) => event.payload)).toEqual([{ userId: officer.id }]);
  });

  it('resets TOTP: the sessions end and the user enrols a new authenticator at the next sign-in', async () => {
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    expect(officer.totpSecret).not.toBeNull();
    const officerBrowser = await signIn(harness.app, officer);
    expect((await officerBrowser.get('/staff')).statusCode).toBe(200);

    const reset = await postOnUserPage(officer.id, '/two-factor/reset');
    expect(reset.statusCode).toBe(303);
    expect((await officerBrowser.get('/staff')).headers.location).toBe('/staff/sign-in');
    const stored = await harness.db.staffUser.findUniqueOrThrow({ where: { id: officer.id } });
    expect(stored).toMatchObject({ totpSecretEncrypted: null, totpEnabledAt: null, totpLastTimeStep: null });

    const { browser, response } = await attemptSignIn(officer);
    expect(response.headers.location).toBe('/staff/two-factor/enrol');
    const enrolPage = await browser.get('/staff/two-factor/enrol');
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(enrolPage.body)?.[1];
    expect(secret).toBeDefined();
    expect(secret).not.toBe(officer.totpSecret);
    const enrolled = await browser.post(
      '/staff/two-factor/enrol',
      { code: await totpCode(secret!) },
      '/staff/two-factor/enrol',
    );
    expect(enrolled.statusCode).toBe(303);
    expect((await browser.get('/staff')).statusCode).toBe(200);

    const events = await auditEventsFor('staff.two_factor_reset', officer.id);
    expect(events.map((event) => [event.actorId, event.payload])).toEqual([
      [admin.id, { userId: officer.id, sessionsEnded: 1 }],
    ]);
  });

  it('refuses to let an admin disable, demote or reset themselves, saying why', async () => {
    const disable = await postOnUserPage(admin.id, '/disable');
    expect(disable.statusCode).toBe(409);
    expect(disable.body).toContain('You cannot disable your own account; ask another admin.');
    const demote = await postOnUserPage(admin.id, '/role', { role: 'auditor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('You cannot change your own role; ask another admin.');
    const reset = await postOnUserPage(admin.id, '/two-factor/reset');
    expect(reset.statusCode).toBe(409);

    const stored = await harness.db.staffUser.findUniqueOrThrow({ where: { id: admin.id } });
    expect(stored).toMatchObject({ role: 'admin', disabledAt: null });
    expect(stored.totpEnabledAt).not.toBeNull();
    expect((await adminBrowser.get('/staff/users')).statusCode).toBe(200);
    expect(
      await harness.db.auditEvent.count({ where: { payload: { path: ['userId'], equals: admin.id } } }),
    ).toBe(0);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await adminBrowser.get('/staff/users/00000000-0000-4000-8000-00000000abcd')).statusCode).toBe(
      404,
    );
    expect((await adminBrowser.get('/staff/users/not-a-uuid')).statusCode).toBe(404);
    const disable = await adminBrowser.post(
      '/staff/users/00000000-0000-4000-8000-00000000abcd/disable',
      {},
      '/staff/users',
    );
    expect(disable.statusCode).toBe(404);
  });

  it('is for admins only, and only they see it in the navigation', async () => {
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const officerBrowser = await signIn(harness.app, officer);
    expect((await officerBrowser.get('/staff/users')).statusCode).toBe(403);
    expect((await officerBrowser.get(`/staff/users/${officer.id}`)).statusCode).toBe(403);
    const create = await officerBrowser.post(
      '/staff/users',
      { name: 'Sneaky', email: 'sneaky@rightsdesk.test', role: 'admin' },
      '/staff',
    );
    expect(create.statusCode).toBe(403);
    expect(await harness.db.staffUser.count({ where: { email: 'sneaky@rightsdesk.test' } })).toBe(0);
    const promote = await officerBrowser.post(`/staff/users/${officer.id}/role`, { role: 'admin' }, '/staff');
    expect(promote.statusCode).toBe(403);
    expect((await harness.db.staffUser.findUniqueOrThrow({ where: { id: officer.id } })).role).toBe(
      'privacy_officer',
    );

    expect((await officerBrowser.get('/staff')).body).not.toContain('href="/staff/users"');
    expect((await adminBrowser.get('/staff')).body).toContain('href="/staff/users"');
  });
});

describe('the set of admins', () => {
  // A database of its own, so that the admins counted are only the ones made here.
  const own = useTestApp();

  const enabledAdmins = () => own.db.staffUser.findMany({ where: { role: 'admin', disabledAt: null } });

  async function twoAdminsOnly(): Promise<[TestStaffUser, TestStaffUser]> {
    await own.db.staffUser.updateMany({ where: { role: 'admin' }, data: { role: 'auditor' } });
    return [
      await createStaffUser(own.db, own.config, { role: 'admin' }),
      await createStaffUser(own.db, own.config, { role: 'admin' }),
    ];
  }

  it('lets only one of two admins disabling each other at once succeed, so one admin remains', async () => {
    for (let round = 0; round < 5; round++) {
      const [first, second] = await twoAdminsOnly();
      const results = await Promise.allSettled([
        disableStaffUser(own.app.deps, { actorId: first.id, userId: second.id }),
        disableStaffUser(own.app.deps, { actorId: second.id, userId: first.id }),
      ]);
      const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toBeInstanceOf(StaffUserAdminError);
      expect(refusals[0]).toMatchObject({ code: 'STAFF.ACTOR_NOT_ADMIN' });
      const remaining = await enabledAdmins();
      expect(remaining).toHaveLength(1);
      expect([first.id, second.id]).toContain(remaining[0]!.id);
      const disabledEvents = await own.db.auditEvent.count({
        where: { action: 'staff.user_disabled', actorId: { in: [first.id, second.id] } },
      });
      expect(disabledEvents).toBe(1);
    }
  });

  it('lets only one of two admins demoting each other at once succeed', async () => {
    const [first, second] = await twoAdminsOnly();
    const results = await Promise.allSettled([
      changeStaffUserRole(own.app.deps, { actorId: first.id, userId: second.id, role: 'auditor' }),
      changeStaffUserRole(own.app.deps, { actorId: second.id, userId: first.id, role: 'auditor' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await enabledAdmins()).toHaveLength(1);
  });

  it('lets an admin demote the last other admin, which leaves them the one admin to act', async () => {
    const [remaining, demoted] = await twoAdminsOnly();
    await expect(
      changeStaffUserRole(own.app.deps, { actorId: remaining.id, userId: demoted.id, role: 'auditor' }),
    ).resolves.toBe(true);
    expect((await enabledAdmins()).map((admin) => admin.id)).toEqual([remaining.id]);

    // The demoted admin's request that was already past the guard changes nothing now.
    for (const change of [
      () => disableStaffUser(own.app.deps, { actorId: demoted.id, userId: remaining.id }),
      () => changeStaffUserRole(own.app.deps, { actorId: demoted.id, userId: remaining.id, role: 'auditor' }),
    ]) {
      await expect(change()).rejects.toMatchObject({ code: 'STAFF.ACTOR_NOT_ADMIN' });
    }
    expect((await enabledAdmins()).map((admin) => admin.id)).toEqual([remaining.id]);
  });
});
