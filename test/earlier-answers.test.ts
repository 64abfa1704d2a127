// Denials that rest on earlier answers are allowed only when the records show
// them, the consumer recognised by any shared email, phone or account number:
// requests to know twice in 12 months (Civ. 1798.130(b)), Shine the Light once
// a calendar year (Civ. 1798.83(b)).

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

async function logRequest(type: 'know' | 'stl_disclosure', subject: Record<string, string>) {
  const response = await call('/api/v1/staff/requests', {
    type,
    subject: { firstName: 'Rosa', lastName: 'Diaz', state: 'CA', ...subject },
    channel: 'phone',
    ...(type === 'know' && { know: { categories: true, specificPieces: true } }),
  });
  expect(response.statusCode, response.body).toBe(201);
  const id: string = response.json().id;
  const verified = await call(`/api/v1/staff/requests/${id}/verify`, {
    method: 'records_match',
    dataPoints: ['name', 'phone', 'account_number'],
    declarationSigned: true,
    declarationSignedName: 'Rosa Diaz',
  });
  expect(verified.statusCode, verified.body).toBe(200);
  return `/api/v1/staff/requests/${id}`;
}

async function answer(base: string) {
  expect((await call(`${base}/start`, {})).statusCode).toBe(200);
  expect((await call(`${base}/complete`, { summary: 'Sent the report.' })).statusCode).toBe(200);
}

const denyAs = (base: string, reasonCode: string) =>
  call(`${base}/deny`, { reasonCode, explanation: 'We answered you already.' });

describe('twice in 12 months (Civ. 1798.130(b))', () => {
  it("refuses the denial for a consumer's first request with 409, allows it after two answers to any shared identifier", async () => {
    const first = await logRequest('know', { email: 'rosa.1@example.com', phone: '+14155550121' });
    const refused = await denyAs(first, 'specific_pieces_limit_reached');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('REQUEST.DENIAL_NOT_ALLOWED');

    await answer(first);
    // The second request shares only the phone, the third only the account number with the second.
    const second = await logRequest('know', {
      phone: '+14155550121',
      accountNumber: 'RD-5501',
      email: 'rosa.2@example.com',
    });
    await answer(second);
    const third = await logRequest('know', { email: 'rosa.3@example.com', accountNumber: 'rd5501' });
    expect((await denyAs(third, 'specific_pieces_limit_reached')).statusCode).toBe(409);

    const fourth = await logRequest('know', { phone: '(415) 555-0121', email: 'rosa.4@example.com' });
    const denied = await denyAs(fourth, 'specific_pieces_limit_reached');
    expect(denied.statusCode, denied.body).toBe(200);
  });
});

describe('Shine the Light once a calendar year (Civ. 1798.83(b))', () => {
  it('recognises the customer by a shared phone number, not only the email', async () => {
    const first = await logRequest('stl_disclosure', { email: 'lee.1@example.com', phone: '+14155550122' });
    expect((await denyAs(first, 'stl_already_answered_this_year')).statusCode).toBe(409);
    await answer(first);
    const again = await logRequest('stl_disclosure', {
      email: 'lee.other@example.com',
      phone: '+14155550122',
    });
    expect((await denyAs(again, 'stl_already_answered_this_year')).statusCode).toBe(200);
  });
});
