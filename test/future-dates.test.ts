// A data point for verification (Regs 7060) cannot be a contact that has not
// happened yet: every API refuses it the same way.

import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app.js';
import { createTestApiToken } from './support/staff.js';

const harness = useTestApp();
let token = '';

beforeAll(async () => {
  token = await createTestApiToken(harness.db, 'privacy_officer');
});

const call = (url: string, payload: object) =>
  harness.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });

describe('a last contact in the future', () => {
  it('is refused with 400 naming lastInteractionDate, from the public and staff APIs alike', async () => {
    const subject = {
      firstName: 'Ava',
      lastName: 'Future',
      email: 'ava.future@example.com',
      state: 'CA',
      lastInteractionDate: '2030-01-15',
    };
    const consumer = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { type: 'delete', subject },
    });
    const staff = await call('/api/v1/staff/requests', { type: 'delete', subject, channel: 'phone' });
    for (const response of [consumer, staff]) {
      expect(response.statusCode).toBe(400);
      expect(response.json().error.issues).toEqual([
        { path: 'subject.lastInteractionDate', message: 'a date in the future cannot be a past contact' },
      ]);
    }
  });
});
