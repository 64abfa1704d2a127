// A request to know that asked for more than 12 months (Civ. 1798.130(a)(2)(B)): the officer
// answers the 12 months and may refuse only the days before them, with the facts that show why
// (Regs 7024(h)); the completion notice says so in the consumer's language, the audit log keeps it.

import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../src/domain/audit-events.js';
import type { Language } from '../src/i18n/index.js';
import type { CookieClient } from './support/cookie-client.js';
import { useConsumerTestApp } from './support/consumer.js';
import { requestTakenTo, submission } from './support/services.js';
import { createStaffUser, createTestApiToken, signIn } from './support/staff.js';

const harness = useConsumerTestApp();
let officerBrowser: CookieClient;
let officerToken = '';

const FACTS =
  'Orders placed before the last 12 months are kept only on archive tapes of a billing system we retired in 2024, which would have to be restored in full to search them.';

beforeAll(async () => {
  const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
  officerBrowser = await signIn(harness.app, officer);
  officerToken = await createTestApiToken(harness.db, 'privacy_officer');
});

/** A started request to know, received 2026-03-02, asking (or not) for more than 12 months. */
async function startedKnow(email: string, language: Language, beyond12Months: boolean): Promise<string> {
  const input = submission('know', {
    know: { categories: true, specificPieces: false, beyond12Months },
    receivedAt: '2026-03-02T18:00:00.000Z',
  });
  return requestTakenTo(harness.app.deps, { input, email, language, stage: 'started' });
}

function completeByApi(id: string, body: object) {
  return harness.app.inject({
    method: 'POST',
    url: `/api/v1/staff/requests/${id}/complete`,
    headers: { authorization: `Bearer ${officerToken}` },
    payload: body,
  });
}

describe('refusing the part of a request to know before the 12 months (Regs 7024(h))', () => {
  it('in the console: the 12 months answered, the rest refused with the facts, told in English and audited', async () => {
    const id = await startedKnow('older.en@example.com', 'en', true);
    const page = `/staff/requests/${id}`;
    expect((await officerBrowser.get(page)).body).toContain('Information from before the last 12 months');
    const bare = await officerBrowser.post(
      `${page}/complete`,
      { summary: 'Categories sent.', olderDataGround: 'impossible', olderDataExplanation: 'Impossible.' },
      page,
    );
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain('stating it is not enough');

    const done = await officerBrowser.post(
      `${page}/complete`,
      {
        summary: 'Categories sent.',
        olderDataGround: 'disproportionate_effort',
        olderDataExplanation: FACTS,
      },
      page,
    );
    expect(done.statusCode, done.body).toBe(303);
    const mail = await harness.mailTo('older.en@example.com', (m) => m.text.includes('Categories sent.'));
    expect(mail.text.replace(/\s+/g, ' ')).toContain(
      'We answered for those 12 months, but not for January 1, 2022 to March 1, 2025, because providing it would involve disproportionate effort.',
    );
    expect(mail.text.replace(/\s+/g, ' ')).toContain(FACTS);

    const event = await harness.db.auditEvent.findFirstOrThrow({
      where: { requestId: id, action: 'request_completed' },
    });
    expect(event.payload).toMatchObject({
      olderDataRefusal: {
        ground: 'disproportionate_effort',
        explanationSha256: sha256Of(FACTS),
        from: '2022-01-01',
        until: '2025-03-01',
      },
    });
  });

  it('through the staff API, told in Spanish', async () => {
    const id = await startedKnow('older.es@example.com', 'es', true);
    const response = await completeByApi(id, {
      summary: 'Enviamos las categorías.',
      olderDataRefusal: { ground: 'impossible', explanation: FACTS },
    });
    expect(response.statusCode, response.body).toBe(200);
    const detail = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/staff/requests/${id}`,
      headers: { authorization: `Bearer ${officerToken}` },
    });
    expect(detail.json().outcome.olderDataRefusal).toEqual({
      ground: 'impossible',
      explanation: FACTS,
      from: '2022-01-01',
      until: '2025-03-01',
    });
    const mail = await harness.mailTo('older.es@example.com', (m) =>
      m.text.includes('Enviamos las categorías.'),
    );
    expect(mail.text.replace(/\s+/g, ' ')).toContain('porque proporcionarla sería imposible');
  });

  it('is refused when the consumer asked for the 12 months only', async () => {
    const id = await startedKnow('older.none@example.com', 'en', false);
    const response = await completeByApi(id, {
      summary: 'Categories sent.',
      olderDataRefusal: { ground: 'impossible', explanation: FACTS },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('REQUEST.NOT_ALLOWED');
    expect((await officerBrowser.get(`/staff/requests/${id}`)).body).not.toContain(
      'Information from before the last 12 months',
    );
  });
});
