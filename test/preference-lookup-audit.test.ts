// Preference lookups are audited as one event per integration token and hour, with the
// number of lookups and nothing of what was looked up.

import { describe, expect, it } from 'vitest';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { auditEndedLookupHours } from '../src/services/preferences/audit-preference-lookups.js';
import { useTestApp } from './support/app.js';
import { createTestClock } from './support/services.js';

const clock = createTestClock('2026-11-30T10:15:00Z');
const harness = useTestApp({ clock });

describe('preference lookups', () => {
  it('are written to the audit log as counts per token per hour once the hour is over', async () => {
    const { token, id } = await createApiToken(
      { db: harness.db, clock },
      { input: { name: 'ad platform', role: 'integration' }, actor: { type: 'system', id: 'test' } },
    );
    const lookUp = (email: string) =>
      harness.app.inject({
        method: 'GET',
        url: `/api/v1/preferences?email=${encodeURIComponent(email)}`,
        headers: { authorization: `Bearer ${token}` },
      });
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      expect((await lookUp(email)).statusCode).toBe(200);
    }
    const deps = { db: harness.db, clock };
    expect(await auditEndedLookupHours(deps)).toBe(0);

    clock.set('2026-11-30T11:00:01Z');
    expect((await lookUp('d@example.com')).statusCode).toBe(200);
    expect(await auditEndedLookupHours(deps)).toBe(1);
    expect(await auditEndedLookupHours(deps)).toBe(0);

    const events = await harness.db.auditEvent.findMany({ where: { action: 'preferences.looked_up' } });
    expect(events.map(({ actorType, actorId, payload }) => ({ actorType, actorId, payload }))).toEqual([
      { actorType: 'api_token', actorId: id, payload: { hourStart: '2026-11-30T10:00:00.000Z', lookups: 3 } },
    ]);
  });
});
