// A state change is one transaction guarded by the request's version:
// concurrent officers cannot both act, and a failed write leaves nothing.

import { describe, expect, it } from 'vitest';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { STAFF, useServiceHarness, submitted, VERIFY_TWO_POINTS } from './support/services.js';

const harness = useServiceHarness();

describe('a change to a request', () => {
  it('lets exactly one of two concurrent completions win; the other gets a conflict', async () => {
    const id = await submitted(harness, 'know');
    for (const action of [VERIFY_TWO_POINTS, { kind: 'start' } as const]) {
      await applyRequestCommand(harness.deps, { requestId: id, action, actor: STAFF });
    }
    // Both services read the request while this transaction holds its row, so
    // both decide against version 1 before either can write.
    await harness.sql('BEGIN');
    await harness.sql('SELECT 1 FROM privacy_requests WHERE id = $1 FOR UPDATE', [id]);
    const complete = (summary: string) =>
      applyRequestCommand(harness.deps, {
        requestId: id,
        action: { kind: 'complete', summary },
        actor: STAFF,
      });
    const outcomes = Promise.allSettled([complete('Applied by officer A'), complete('Applied by officer B')]);
    await waitForLockWaiters(2);
    await harness.sql('COMMIT');
    const [first, second] = await outcomes;

    const fulfilled = [first, second].filter((outcome) => outcome?.status === 'fulfilled');
    const rejected = [first, second].flatMap((outcome) =>
      outcome?.status === 'rejected' ? [outcome.reason] : [],
    );
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ kind: 'conflict', code: 'REQUEST.CONCURRENT_UPDATE' });
    const completions = await harness.db.auditEvent.count({
      where: { requestId: id, action: 'request_completed' },
    });
    expect(completions).toBe(1);
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'completed', version: 4 });
  });

  it('rolls the whole change back when its last write fails', async () => {
    const id = await submitted(harness, 'know');
    await harness.sql(`
      CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$;
      CREATE TRIGGER refuse_audit_insert BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION refuse_insert();`);
    try {
      await expect(
        applyRequestCommand(harness.deps, { requestId: id, action: VERIFY_TWO_POINTS, actor: STAFF }),
      ).rejects.toThrow(/injected failure/);
    } finally {
      await harness.sql('DROP TRIGGER refuse_audit_insert ON audit_events; DROP FUNCTION refuse_insert();');
    }
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'awaiting_verification', version: 1 });
    expect(await harness.db.verificationRecord.count({ where: { requestId: id } })).toBe(0);
  });
});

/** Waits until `count` sessions of this database are blocked on a lock. */
async function waitForLockWaiters(count: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const [row] = await harness.db.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row !== undefined && row.waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} sessions ever waited on a lock`);
}
