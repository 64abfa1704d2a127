// Wrong staff passwords meet growing waits per email and address instead of a lockout
// that anyone could cause: a stranger guessing from one address waits longer and
// longer, the owner signing in from elsewhere is not held up, and the owner is told.

import { describe, expect, it } from 'vitest';
import { prepareMail } from '../src/jobs/mail-handlers.js';
import { STAFF_SIGN_IN_THROTTLED_TOPIC } from '../src/services/notices/outbox-topics.js';
import { useTestApp } from './support/app.js';
import { CookieClient } from './support/cookie-client.js';
import { createTestClock } from './support/services.js';
import { createStaffUser, STAFF_PASSWORD } from './support/staff.js';
import { EMPTY_DATA_MAP } from '../src/domain/fulfilment/data-map.js';

const clock = createTestClock(new Date());
const harness = useTestApp({ clock });

const STRANGER = '203.0.113.9';
const OWNER = '198.51.100.2';

async function tryPassword(browser: CookieClient, email: string, password: string) {
  return browser.post('/staff/sign-in', { email, password });
}

describe('wrong staff passwords', () => {
  it('make a stranger wait longer each time, but never lock the owner out, who is told once by email', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const stranger = new CookieClient(harness.app, {}, STRANGER);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push((await tryPassword(stranger, user.email, 'wrong password!')).status);
    }
    // Three free tries, a fourth that starts the wait, a fifth refused without looking at the password.
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const refused = await tryPassword(stranger, user.email, STAFF_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(2);

    // The owner, elsewhere, signs in at once.
    const owner = new CookieClient(harness.app, {}, OWNER);
    expect((await tryPassword(owner, user.email, STAFF_PASSWORD)).status).toBe(303);

    // After the wait the stranger may try again; the next wrong password doubles it.
    clock.set(new Date(clock.now().getTime() + 2_500));
    expect((await tryPassword(stranger, user.email, 'wrong again!')).status).toBe(401);
    const doubled = await tryPassword(stranger, user.email, 'and again!');
    expect(doubled.status).toBe(429);
    expect(Number(doubled.headers['retry-after'])).toBe(4);

    const alerts = await harness.db.outboxMessage.findMany({
      where: { topic: STAFF_SIGN_IN_THROTTLED_TOPIC },
    });
    expect(alerts.map((alert) => alert.payload)).toEqual([{ userId: user.id }]);
    const mail = await prepareMail(
      {
        db: harness.db,
        config: harness.config,
        dataMap: EMPTY_DATA_MAP,
        now: clock.now(),
        outboxId: alerts[0]!.id,
      },
      STAFF_SIGN_IN_THROTTLED_TOPIC,
      alerts[0]!.payload as Record<string, unknown>,
    );
    expect(mail.kind).toBe('send');
    if (mail.kind !== 'send') return;
    expect(mail.message.to).toBe(user.email);
    expect(mail.message.text).toContain('your account is not locked');
    expect(mail.message.text).not.toContain(STRANGER);
  });

  it('answer an unknown email exactly as a known one, so the waits reveal no account', async () => {
    const stranger = new CookieClient(harness.app, {}, '203.0.113.10');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push((await tryPassword(stranger, 'nobody.here@rightsdesk.test', 'guess')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});
