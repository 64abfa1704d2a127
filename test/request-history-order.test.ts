// A request's history lists in the order the audit chain sealed its events, the
// one order a hash covers: not by insertion sequence, nor by the time the
// database stamped (a transaction's start), which can both disagree with it
// when transactions overlap. Events not sealed yet come last, as inserted.

import { describe, expect, it } from 'vitest';
import type { PersonalDataSection } from '../src/domain/audit-events.js';
import { linkPendingAuditEvents } from '../src/services/audit/audit-chain-repo.js';
import { appendAuditEvents } from '../src/services/audit/audit-log-repo.js';
import { getRequest } from '../src/services/requests/get-request.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { OTHER_STAFF, STAFF, submission, useServiceHarness } from './support/services.js';

const harness = useServiceHarness();

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * Begins a transaction at once (its events are stamped with this moment), which
 * appends a viewing of `section` when told to, and commits when told to.
 */
async function beginViewing(requestId: string, section: PersonalDataSection) {
  const begun = deferred();
  const appendNow = deferred();
  const appended = deferred();
  const commitNow = deferred();
  const committed = harness.db.$transaction(
    async (tx) => {
      begun.resolve();
      await appendNow.promise;
      await appendAuditEvents(tx, {
        actor: STAFF,
        requestId,
        events: [{ action: 'request.personal_data_viewed', payload: { sections: [section] } }],
      });
      appended.resolve();
      await commitNow.promise;
    },
    { timeout: 30_000 },
  );
  await begun.promise;
  // A transaction begun after this one starts on a later millisecond.
  await new Promise((done) => setTimeout(done, 20));
  return {
    async append() {
      appendNow.resolve();
      await appended.promise;
    },
    async commit() {
      commitNow.resolve();
      await committed;
    },
  };
}

describe('request history order', () => {
  it('lists sealed events by chain position, whatever their sequence and time, then unsealed ones by sequence', async () => {
    const { id } = await submitRequest(harness.deps, { input: submission('correct'), actor: STAFF });
    await linkPendingAuditEvents(harness.db);

    // "agent" begins and appends first (earlier time, lower sequence) but commits last:
    // "subject", committed meanwhile, is sealed before it.
    const agent = await beginViewing(id, 'agent');
    await agent.append();
    const subject = await beginViewing(id, 'subject');
    await subject.append();
    await subject.commit();
    await linkPendingAuditEvents(harness.db);
    await agent.commit();
    await linkPendingAuditEvents(harness.db);

    // Not sealed: "correction" begins first (earlier time) but appends after
    // "verification_declaration" (higher sequence).
    const correction = await beginViewing(id, 'correction');
    const declaration = await beginViewing(id, 'verification_declaration');
    await declaration.append();
    await declaration.commit();
    await correction.append();
    await correction.commit();

    const stored = await harness.db.auditEvent.findMany({
      where: { requestId: id, action: 'request.personal_data_viewed' },
      orderBy: { sequence: 'asc' },
    });
    const sectionOf = (payload: unknown) => (payload as { sections: string[] }).sections[0];
    // The disagreement this test is about, as stored.
    expect(stored.map((event) => [sectionOf(event.payload), event.chainPosition !== null])).toEqual([
      ['agent', true],
      ['subject', true],
      ['verification_declaration', false],
      ['correction', false],
    ]);
    const at = (section: string) =>
      stored.find((event) => sectionOf(event.payload) === section)!.occurredAt.getTime();
    expect(at('correction')).toBeLessThan(at('verification_declaration'));
    const position = (section: string) =>
      stored.find((event) => sectionOf(event.payload) === section)!.chainPosition!;
    expect(position('subject')).toBeLessThan(position('agent'));
    expect(at('agent')).toBeLessThan(at('subject'));

    // The staff request page and the API's request detail both show getRequest's history.
    const detail = await getRequest(harness.deps, { requestId: id, actor: OTHER_STAFF });
    expect(
      detail.history.map((event) =>
        event.action === 'request.personal_data_viewed' ? event.payload.sections[0] : event.action,
      ),
    ).toEqual(['request_submitted', 'subject', 'agent', 'verification_declaration', 'correction']);
  });
});
