// The cookies that let a browser see a request's confirmation or status carry their end
// inside the signed value: a copy kept past its life opens nothing.

import { describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { CookieClient } from './support/cookie-client.js';
import { createTestClock } from './support/services.js';

const clock = createTestClock(new Date());
const harness = useConsumerTestApp({ environment: NO_RATE_LIMITS, clock });

describe('a confirmation grant', () => {
  it('opens the confirmation for an hour, and a copy of the cookie opens nothing after', async () => {
    const visitor = new CookieClient(harness.app);
    const posted = await visitor.post('/requests/delete', {
      firstName: 'Ana',
      lastName: 'García',
      email: `grant.${Date.now()}@example.com`,
      state: 'CA',
      ageBand: '16_plus',
    });
    expect(posted.status).toBe(303);
    const confirmation = posted.location ?? '';
    expect((await visitor.get(confirmation)).status).toBe(200);
    expect(visitor.cookies.get('rd_submitted')).toMatch(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}~\d+\./);

    // A client that ignores Max-Age keeps sending the cookie: the server refuses it by itself.
    clock.advanceHours(61 / 60);
    const late = await visitor.get(confirmation);
    expect(late.status).toBe(303);
    expect(late.location).toBe('/status');
  });
});
