import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvents } from '../src/services/audit/audit-log-repo.js';
import { linkPendingAuditEvents, verifyAuditChain } from '../src/services/audit/audit-chain-repo.js';
import { pino } from 'pino';
import { hashAuditEvent } from '../src/domain/audit-chain.js';
import { AUDIT_LINK_INTERVAL_MS, createAuditLinker } from '../src/jobs/audit-linker.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import type { RequestAction } from '../src/services/requests/request-action-schemas.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import {
  STAFF,
  startServiceHarness,
  submission,
  VERIFY_TWO_POINTS,
  type ServiceHarness,
} from './support/services.js';

// Each test tampers with its own database.
let harness: ServiceHarness;

beforeEach(async () => {
  harness = await startServiceHarness();
});

afterEach(() => harness.close());

/** Several requests taken through their lifecycle: a few dozen chained events. */
async function recordHistory(): Promise<void> {
  const flows: RequestAction[][] = [
    [
      VERIFY_TWO_POINTS,
      { kind: 'start' },
      { kind: 'extend', reason: 'Archive' },
      { kind: 'complete', summary: 'Sent' },
    ],
    [
      VERIFY_TWO_POINTS,
      { kind: 'deny', reasonCode: 'deletion_exception', explanation: 'Kept', exception: 'legal_obligation' },
    ],
    [{ ...VERIFY_TWO_POINTS, kind: 'mark_unverifiable', dataPoints: [] }],
    [{ kind: 'withdraw' }],
  ];
  for (const type of ['know', 'delete'] as const) {
    for (const flow of flows) {
      const { id } = await submitRequest(harness.deps, { input: submission(type), actor: STAFF });
      for (const action of flow) {
        const refusedForType = type === 'know' && action.kind === 'deny';
        if (!refusedForType) await applyRequestCommand(harness.deps, { requestId: id, action, actor: STAFF });
      }
    }
  }
  await linkPendingAuditEvents(harness.db);
}

/** The sequence of the `position`-th event, counting from 1. */
async function sequenceAt(position: number): Promise<bigint> {
  const result = await harness.sql('SELECT sequence FROM audit_events ORDER BY sequence OFFSET $1 LIMIT 1', [
    position - 1,
  ]);
  return BigInt(result.rows[0].sequence);
}

describe('the audit log', () => {
  it('verifies after many actions, also when walked in small batches', async () => {
    await recordHistory();
    const count = await harness.db.auditEvent.count();
    expect(count).toBeGreaterThan(20);
    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: true,
      checked: count,
      pending: 0,
      oldestPendingAt: null,
    });
    expect(await verifyAuditChain(harness.db, 3)).toEqual({
      ok: true,
      checked: count,
      pending: 0,
      oldestPendingAt: null,
    });
  });

  it('seals events after commit, as one chain, while changes and linkers run at once', async () => {
    const linkers: Promise<number>[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        await submitRequest(harness.deps, { input: submission('delete'), actor: STAFF });
        linkers.push(linkPendingAuditEvents(harness.db, 2));
      }),
    );
    const linked = await Promise.all(linkers);
    expect(linked.reduce((sum, count) => sum + count, 0)).toBe(12);
    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: true,
      checked: 12,
      pending: 0,
      oldestPendingAt: null,
    });
  });

  it('reports committed events the linker has not sealed yet', async () => {
    await recordHistory();
    const sealed = await harness.db.auditEvent.count();
    await submitRequest(harness.deps, { input: submission('delete'), actor: STAFF });
    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: true,
      checked: sealed,
      pending: 1,
      oldestPendingAt: expect.any(Date),
    });
    expect(await linkPendingAuditEvents(harness.db)).toBe(1);
    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: true,
      checked: sealed + 1,
      pending: 0,
      oldestPendingAt: null,
    });
  });

  it('is sealed by the audit linker job shortly after commit', async () => {
    const linker = createAuditLinker({ db: harness.db, logger: pino({ level: 'silent' }) });
    linker.start();
    try {
      await submitRequest(harness.deps, { input: submission('delete'), actor: STAFF });
      await expect
        .poll(() => verifyAuditChain(harness.db), { timeout: 20 * AUDIT_LINK_INTERVAL_MS })
        .toEqual({ ok: true, checked: 1, pending: 0, oldestPendingAt: null });
    } finally {
      await linker.stop();
    }
  });

  it('lets an unsealed event be sealed once and changed in nothing else', async () => {
    await submitRequest(harness.deps, { input: submission('delete'), actor: STAFF });
    await expect(harness.sql(`UPDATE audit_events SET action = 'request_withdrawn'`)).rejects.toThrow(
      /append-only: UPDATE is refused/,
    );
    await expect(
      harness.sql(
        `UPDATE audit_events SET payload = '{}', previous_hash = 'a', hash = 'b', chain_position = 1`,
      ),
    ).rejects.toThrow(/append-only: UPDATE is refused/);
    await expect(harness.sql(`UPDATE audit_events SET chain_position = 1`)).rejects.toThrow(
      /audit_events_link_complete/,
    );
    await linkPendingAuditEvents(harness.db);
    await expect(
      harness.sql(`UPDATE audit_events SET previous_hash = 'a', hash = 'b', chain_position = 9`),
    ).rejects.toThrow(/append-only: UPDATE is refused/);
    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: true,
      checked: 1,
      pending: 0,
      oldestPendingAt: null,
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await recordHistory();
    await expect(harness.sql(`UPDATE audit_events SET action = 'request_withdrawn'`)).rejects.toThrow(
      /audit_events is append-only: UPDATE is refused/,
    );
    await expect(harness.sql('DELETE FROM audit_events')).rejects.toThrow(/append-only: DELETE is refused/);
    await expect(harness.sql('TRUNCATE audit_events')).rejects.toThrow(/append-only: TRUNCATE is refused/);
    expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true });
  });

  it('fails verification at an event a superuser edited behind the trigger', async () => {
    await recordHistory();
    const target = await sequenceAt(7);
    await harness.sql('SET session_replication_role = replica');
    await harness.sql(`UPDATE audit_events SET payload = '{}' WHERE sequence = $1`, [target.toString()]);
    await harness.sql('SET session_replication_role = DEFAULT');

    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: false,
      checked: 6,
      firstBrokenSequence: target,
      reason: 'hash_mismatch',
    });
    expect(await verifyAuditChain(harness.db, 4)).toMatchObject({ firstBrokenSequence: target, checked: 6 });
  });

  it('fails verification after the gap a superuser made by deleting an event', async () => {
    await recordHistory();
    const removed = await sequenceAt(5);
    const next = await sequenceAt(6);
    await harness.sql('ALTER TABLE audit_events DISABLE TRIGGER audit_events_refuse_update_delete');
    await harness.sql('DELETE FROM audit_events WHERE sequence = $1', [removed.toString()]);
    await harness.sql('ALTER TABLE audit_events ENABLE TRIGGER audit_events_refuse_update_delete');

    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: false,
      checked: 4,
      firstBrokenSequence: next,
      reason: 'position_gap',
    });
  });

  it('fails verification at an event the owner moved before the first position', async () => {
    await recordHistory();
    const moved = await sequenceAt(3);
    await harness.sql('SET session_replication_role = replica');
    await harness.sql('ALTER TABLE audit_events DROP CONSTRAINT audit_events_chain_position_positive');
    await harness.sql('UPDATE audit_events SET chain_position = -5 WHERE sequence = $1', [moved.toString()]);
    await harness.sql('SET session_replication_role = DEFAULT');

    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: false,
      checked: 0,
      firstBrokenSequence: moved,
      reason: 'position_gap',
    });
  });

  it('fails verification at a re-hashed last event whose payload breaks its schema', async () => {
    await recordHistory();
    const last = await harness.db.auditEvent.findFirstOrThrow({ orderBy: { sequence: 'desc' } });
    const payload = { email: 'jane@example.com' };
    const hash = hashAuditEvent(last.previousHash ?? '', { ...last, payload });
    await harness.sql('SET session_replication_role = replica');
    await harness.sql('UPDATE audit_events SET payload = $1, hash = $2 WHERE sequence = $3', [
      payload,
      hash,
      last.sequence.toString(),
    ]);
    await harness.sql('SET session_replication_role = DEFAULT');

    const count = await harness.db.auditEvent.count();
    expect(await verifyAuditChain(harness.db)).toEqual({
      ok: false,
      checked: count - 1,
      firstBrokenSequence: last.sequence,
      reason: 'invalid_payload',
    });
  });

  it('refuses to write a payload outside its schema, such as personal data', async () => {
    const attempt = harness.db.$transaction((tx) =>
      appendAuditEvents(tx, {
        actor: STAFF,
        requestId: null,
        events: [
          {
            action: 'work_started',
            payload: { email: 'jane@example.com' } as unknown as Record<string, never>,
          },
        ],
      }),
    );
    await expect(attempt).rejects.toThrow(/does not match its schema/);
    expect(await harness.db.auditEvent.count()).toBe(0);
  });
});
