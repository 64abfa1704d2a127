import { describe, expect, it } from 'vitest';
import { markMailFailed } from '../src/services/notices/mail-delivery-repo.js';
import { NO_RATE_LIMITS } from './support/app.js';
import { runCli } from './support/cli.js';
import { useConsumerTestApp } from './support/consumer.js';
import { PROCESS_TEST_TIMEOUT_MS } from './support/server-process.js';
import { createStaffUser, signIn } from './support/staff.js';

const harness = useConsumerTestApp({ environment: NO_RATE_LIMITS });

async function failedMailTo(email: string): Promise<string[]> {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    payload: { type: 'delete', subject: { firstName: 'Lu', lastName: 'Wei', email, state: 'CA' } },
  });
  expect(response.statusCode).toBe(201);
  // Its receipt and its verification code, not sent yet (nothing sends without being asked here).
  const rows = await harness.db.outboxMessage.findMany({
    where: { status: 'pending', topic: { startsWith: 'mail.' } },
  });
  expect(rows).toHaveLength(2);
  // As a bounce report would: the message is failed for good.
  for (const row of rows)
    expect(await markMailFailed(harness.db, { id: row.id, reason: 'bounced 550' })).toBe(true);
  return rows.map((row) => row.id);
}

describe('failed mail', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('is listed for admins only, and one message or all can be sent again from the console', async () => {
    const [first, second] = await failedMailTo('console.resend@example.com');
    const admin = await signIn(
      harness.app,
      await createStaffUser(harness.db, harness.config, { role: 'admin' }),
    );
    const officer = await signIn(
      harness.app,
      await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' }),
    );
    expect((await officer.get('/staff/mail')).statusCode).toBe(403);

    // Every console page alerts an admin to failed mail; an officer sees nothing of it.
    expect((await admin.get('/staff')).body).toMatch(/id="failed-mail-alert">Failed mail <span[^>]*>2</);
    expect((await officer.get('/staff')).body).not.toContain('Failed mail');
    const page = await admin.get('/staff/mail');
    expect(page.body).toContain('<strong>2</strong> message(s) failed');
    expect(page.body).toContain('bounced 550');
    expect(page.body).not.toContain('console.resend@example.com');

    const resent = await admin.post('/staff/mail/resend', { outboxId: first! }, '/staff/mail');
    expect(resent.status).toBe(303);
    expect(resent.location).toBe('/staff/mail?resent=1');
    expect(await harness.mailsTo('console.resend@example.com', 2)).toHaveLength(1);
    expect((await admin.get('/staff/mail')).body).toContain('<strong>1</strong> message(s) failed');

    expect((await admin.post('/staff/mail/resend', {}, '/staff/mail')).location).toBe('/staff/mail?resent=1');
    expect(await harness.mailsTo('console.resend@example.com', 2)).toHaveLength(2);
    const cleared = (await admin.get('/staff/mail')).body;
    expect(cleared).toContain('No mail has failed.');
    expect(cleared).not.toContain('failed-mail-alert');
    const audited = await harness.db.auditEvent.findMany({
      where: { action: 'mail.resent' },
      orderBy: { sequence: 'asc' },
    });
    expect(audited.map((event) => event.payload)).toEqual([
      { count: 1, outboxIds: [first] },
      { count: 1, outboxIds: [second] },
    ]);
  });

  it('is listed and sent again from the command line', async () => {
    const ids = await failedMailTo('cli.resend@example.com');
    const listed = await runCli(harness.config.DATABASE_URL ?? '', 'mail:failed');
    expect(listed.code).toBe(1);
    expect(listed.lines[0]).toBe(`${ids.length} failed message(s).`);
    expect(listed.lines.join('\n')).not.toContain('cli.resend@example.com');

    expect((await runCli(harness.config.DATABASE_URL ?? '', 'mail:resend')).code).toBe(2);
    const resent = await runCli(harness.config.DATABASE_URL ?? '', 'mail:resend', '--all');
    expect(resent).toMatchObject({ code: 0, lines: [`${ids.length} message(s) back in the queue.`] });
    const received = await harness.mailsTo('cli.resend@example.com', ids.length);
    expect(received).toHaveLength(ids.length);
    expect((await runCli(harness.config.DATABASE_URL ?? '', 'mail:failed')).code).toBe(0);
  });
});
