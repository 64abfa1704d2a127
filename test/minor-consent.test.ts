// Minors through the HTTP API (docs/legal-rules.md#minors): a consumer known to
// be under 16 is "no sale" for every identity the request gave until an opt-in is
// recorded (Civ. 1798.120(c)); a parent's opt-in for a child under 13 needs the
// parent's verification (Regs 7070(a)(2)).

import { beforeAll, describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS, useTestApp } from './support/app.js';
import { createTestApiToken } from './support/staff.js';

const harness = useTestApp({ environment: NO_RATE_LIMITS });
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const role of ['integration', 'privacy_officer'] as const) {
    tokens[role] = await createTestApiToken(harness.db, role);
  }
});

const preferences = async (query: string) => {
  const response = await harness.app.inject({
    method: 'GET',
    url: `/api/v1/preferences?${query}`,
    headers: { authorization: `Bearer ${tokens.integration}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{
    doNotSellOrShare: boolean;
    minorWithoutOptIn: boolean;
    optInMayBeAskedFrom: string | null;
  }>();
};

const consent = (payload: object) =>
  harness.app.inject({
    method: 'POST',
    url: '/api/v1/staff/minor-consents',
    headers: { authorization: `Bearer ${tokens.privacy_officer}` },
    payload,
  });

async function submitKnow(subject: Record<string, string>, submitter?: string) {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    payload: {
      type: 'know',
      subject: { firstName: 'Kim', lastName: 'Young', state: 'CA', ...subject },
      know: { categories: true, specificPieces: false },
      ...(submitter && { submitter }),
    },
  });
  expect(response.statusCode, response.body).toBe(201);
}

describe('a consumer known to be under 16', () => {
  it('a 15-year-old reads "no sale" on every identity given until they opt in, in two steps', async () => {
    await submitKnow({
      email: 'kim.15@example.com',
      phone: '+14155550131',
      accountNumber: 'MN-1501',
      ageBand: '13_15',
    });
    for (const query of ['email=kim.15%40example.com', 'phone=%2B14155550131', 'accountNumber=MN1501']) {
      expect(await preferences(query), query).toMatchObject({
        doNotSellOrShare: true,
        minorWithoutOptIn: true,
      });
    }

    const oneStep = await consent({ email: 'kim.15@example.com', decision: 'opt_in', by: 'consumer' });
    expect(oneStep.statusCode).toBe(409);
    expect(oneStep.json().error.code).toBe('MINOR.OPT_IN_NOT_AUTHORIZED');

    const optIn = await consent({
      phone: '+14155550131',
      decision: 'opt_in',
      by: 'consumer',
      confirmedSeparately: true,
    });
    expect(optIn.statusCode, optIn.body).toBe(200);
    expect(await preferences('accountNumber=MN1501')).toMatchObject({
      doNotSellOrShare: false,
      minorWithoutOptIn: false,
    });

    // Civ. 1798.135(c)(5): a withdrawn opt-in is not asked for again for 12 months.
    expect((await consent({ email: 'kim.15@example.com', decision: 'decline' })).statusCode).toBe(200);
    const withdrawn = await preferences('email=kim.15%40example.com');
    expect(withdrawn).toMatchObject({ doNotSellOrShare: true, minorWithoutOptIn: true });
    expect(withdrawn.optInMayBeAskedFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number(withdrawn.optInMayBeAskedFrom!.slice(0, 4))).toBe(new Date().getUTCFullYear() + 1);
  });

  it("a parent's opt-in for a child under 13 needs the parent's verification recorded", async () => {
    await submitKnow({ email: 'parent.of.child@example.com', ageBand: 'under_13' }, 'parent_guardian');
    expect(await preferences('email=parent.of.child%40example.com')).toMatchObject({
      doNotSellOrShare: true,
    });

    const unverified = await consent({
      email: 'parent.of.child@example.com',
      decision: 'opt_in',
      by: 'parent_guardian',
    });
    expect(unverified.statusCode).toBe(409);
    const byChild = await consent({
      email: 'parent.of.child@example.com',
      decision: 'opt_in',
      by: 'consumer',
      confirmedSeparately: true,
    });
    expect(byChild.statusCode).toBe(409);
    const verified = await consent({
      email: 'parent.of.child@example.com',
      decision: 'opt_in',
      by: 'parent_guardian',
      parentVerificationMethod: 'signed_consent_form',
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(await preferences('email=parent.of.child%40example.com')).toMatchObject({
      doNotSellOrShare: false,
    });
  });

  it('answers 404 for identifiers of no known minor, and sells nothing it was not told about', async () => {
    const unknown = await consent({
      email: 'adult@example.com',
      decision: 'opt_in',
      by: 'consumer',
      confirmedSeparately: true,
    });
    expect(unknown.statusCode).toBe(404);
    expect(await preferences('email=adult%40example.com')).toMatchObject({
      doNotSellOrShare: false,
      minorWithoutOptIn: false,
    });
  });
});
