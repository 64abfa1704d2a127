// The unverified-closure job, driven by the clock: a request nobody verified is
// closed when its verification window ends, and its notice goes out through
// real SMTP before the response deadline (Regs 7022(a), 7024(b)).

import { describe, expect, it } from 'vitest';
import { businessDateOf } from '../src/domain/business-date.js';
import { closeUnverifiedRequests } from '../src/jobs/close-unverified-requests.js';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';

const DAY = 86_400_000;
/** The app's clock, mail worker included, moved forward by the test. */
let daysAhead = 0;
const clock = { now: () => new Date(Date.now() + daysAhead * DAY) };
const PRIVACY_POLICY_URL = 'https://privacy.example.com/policy';
const harness = useConsumerTestApp({ environment: { ...NO_RATE_LIMITS, PRIVACY_POLICY_URL }, clock });

describe('closing requests nobody verified', () => {
  it('closes on the day the 30-day window ends, not before, and the notice arrives before the due date', async () => {
    const email = `unverified.${Date.now()}@example.com`;
    const submitted = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { type: 'delete', subject: { firstName: 'Quiet', lastName: 'One', email, state: 'CA' } },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { reference } = submitted.json();
    const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    const timeZone = harness.app.deps.policy.lifecycle.timeZone;
    const jobAfter = (days: number) => {
      daysAhead = days;
      return closeUnverifiedRequests({ ...harness.app.deps, logger: harness.app.log });
    };

    expect(await jobAfter(29)).toBe(0);
    expect(await jobAfter(30)).toBe(1);
    const windowEnds = clock.now();
    const closed = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(closed.status).toBe('closed_unverified');
    const respondBy = closed.respondBy.toISOString().slice(0, 10);
    expect(businessDateOf(windowEnds, timeZone) < respondBy).toBe(true);

    const notice = await harness.mailTo(email, (mail) => mail.subject.includes('closed'));
    expect(notice.text).toContain('/do-not-sell-or-share');
    const event = await harness.db.auditEvent.findFirstOrThrow({
      where: { requestId: request.id, action: 'request_closed_unverified' },
    });
    expect(event.payload).toMatchObject({ reason: 'verification_window_ended', optOutOffered: true });
  });

  it('points a request to know closed unverified to the business’s privacy policy (Regs 7024(b))', async () => {
    daysAhead = 0;
    const email = `unverified.know.${Date.now()}@example.com`;
    const submitted = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        type: 'know',
        subject: { firstName: 'Quiet', lastName: 'Two', email, state: 'CA' },
        know: { categories: true, specificPieces: false },
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    daysAhead = 31;
    await closeUnverifiedRequests({ ...harness.app.deps, logger: harness.app.log });
    const notice = await harness.mailTo(email, (mail) => mail.subject.includes('closed'));
    expect(notice.text).toContain(PRIVACY_POLICY_URL);
  });
});
