import { describe, expect, it } from 'vitest';
import { linkPendingAuditEvents, verifyAuditChain } from '../src/services/audit/audit-chain-repo.js';
import {
  createStaffUser,
  findSignInLinkUser,
  setPasswordWithLink,
} from '../src/services/staff-accounts/staff-accounts.js';
import { seedDemo } from '../src/services/demo/demo-seed.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import {
  FIRST_ADMIN_EMAIL,
  hasNoStaffYet,
  issueFirstAdminLink,
} from '../src/services/staff-accounts/issue-first-admin-link.js';
import { useTestApp } from './support/app.js';
import { submission } from './support/services.js';
import { CookieClient } from './support/cookie-client.js';
import { createStaffUser as createTestStaffUser, signIn } from './support/staff.js';

const harness = useTestApp();

const deps = () => harness.app.deps;

describe('staff accounts', () => {
  it('creates the first admin with a one-time link, never a password, and only while no one can sign in', async () => {
    const first = await issueFirstAdminLink(deps());
    expect(first).toMatchObject({ email: FIRST_ADMIN_EMAIL });
    const stored = await harness.db.staffUser.findUniqueOrThrow({ where: { email: FIRST_ADMIN_EMAIL } });
    expect(stored.role).toBe('admin');
    expect(stored.passwordHash).toBeNull();
    const token = new URL(first!.signInLink).pathname.split('/').pop()!;
    expect(await findSignInLinkUser(deps(), token)).toMatchObject({ id: stored.id });
    // Not used yet (say it expired): the next start issues a new link for the same admin.
    const second = await issueFirstAdminLink(deps());
    expect(second?.signInLink).not.toBe(first!.signInLink);
    expect(await harness.db.staffUser.count()).toBe(1);
    await setPasswordWithLink(deps(), { token, password: 'a long enough passphrase' });
    expect(await issueFirstAdminLink(deps())).toBeNull();
    expect(await hasNoStaffYet(deps())).toBe(false);
  });

  it('lets a new user choose a password once through the one-time link, then sign in', async () => {
    const { signInLink } = await createStaffUser(deps(), {
      input: { email: 'new.agent@rightsdesk.test', name: 'New Agent', role: 'call_center_agent' },
      actor: { type: 'system', id: 'cli' },
    });
    const path = new URL(signInLink).pathname;
    const browser = new CookieClient(harness.app);
    const short = await browser.post(path, { password: 'short', confirmation: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least 12 characters');
    const set = await browser.post(path, {
      password: 'a long enough passphrase',
      confirmation: 'a long enough passphrase',
    });
    expect(set.statusCode).toBe(303);
    expect((await browser.get(path)).statusCode).toBe(404);
    const signedIn = await browser.post('/staff/sign-in', {
      email: 'new.agent@rightsdesk.test',
      password: 'a long enough passphrase',
    });
    expect(signedIn.headers.location).toBe('/staff/intake');
  });

  it('shows agent documents to officers only, auditing each viewing', async () => {
    const request = await submitRequest(harness.app.deps, {
      input: submission('delete', { agent: { kind: 'person', name: 'Pat Agent' } }),
      actor: { type: 'consumer', id: null },
    });
    const document = await harness.db.agentDocument.create({
      data: {
        requestId: request.id,
        kind: 'signed_permission',
        mediaType: 'application/pdf',
        byteSize: 9,
        sha256: 'a'.repeat(64),
        storageKey: `test/${request.id}`,
        // A PDF that is also an HTML page with a script: it must never be rendered at our origin.
        content: Buffer.from('%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n'),
        uploadedAt: new Date(),
      },
    });
    const officer = await signIn(
      harness.app,
      await createTestStaffUser(harness.db, harness.config, { role: 'privacy_officer' }),
    );
    const url = `/staff/requests/${request.id}/documents/${document.id}`;
    const shown = await officer.get(url);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('application/pdf');
    expect(shown.headers['content-security-policy']).toContain('sandbox');
    expect(shown.headers['content-security-policy']).toContain("default-src 'none'");
    expect(shown.headers['content-disposition']).toBe(
      `attachment; filename="agent-document-${document.id}.pdf"`,
    );
    expect(shown.headers['x-content-type-options']).toBe('nosniff');
    expect(
      await harness.db.auditEvent.count({
        where: { requestId: request.id, action: 'request.agent_document_viewed' },
      }),
    ).toBe(1);

    const auditor = await signIn(
      harness.app,
      await createTestStaffUser(harness.db, harness.config, { role: 'auditor' }),
    );
    expect((await auditor.get(url)).statusCode).toBe(403);
    const page = await auditor.get(`/staff/requests/${request.id}`);
    expect(page.body).toContain('only privacy officers may open them');
    expect(page.body).not.toContain(url);
  });
});

describe('demo data', () => {
  it('seeds customers and requests in every status through the services, with the audit chain intact', async () => {
    const pendingMail = () => harness.db.outboxMessage.count({ where: { status: 'pending' } });
    const pendingBefore = await pendingMail();
    // Every request type meets every planned status once: 8 types × 8 plans.
    const report = await seedDemo(harness.app.deps, { customers: 60, requests: 64 });
    expect(report.customers).toBe(60);
    expect(Object.keys(report.requests).sort()).toEqual(
      [
        'awaiting_verification',
        'closed_unverified',
        'completed',
        'denied',
        'in_progress',
        'verified',
        'withdrawn',
      ].sort(),
    );
    expect(await harness.db.privacyRequest.count({ where: { extended: true } })).toBeGreaterThan(0);
    // Its made-up consumers are written to by no one: a newcomer's first code is next in line.
    expect(await pendingMail()).toBe(pendingBefore);
    await linkPendingAuditEvents(harness.db);
    expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true, pending: 0 });
    expect(report.staff.map((user) => user.role).sort()).toEqual([
      'auditor',
      'call_center_agent',
      'privacy_officer',
    ]);
  });
});
