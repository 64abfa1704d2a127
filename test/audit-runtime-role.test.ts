import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkPendingAuditEvents, verifyAuditChain } from '../src/services/audit/audit-chain-repo.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { STAFF, submission, useServiceHarness } from './support/services.js';

// The services run as the runtime role (DATABASE_URL); harness.sql is the owner.
const harness = useServiceHarness();
let runtime: pg.Client;

beforeAll(async () => {
  runtime = new pg.Client({ connectionString: harness.databaseUrl });
  await runtime.connect();
  for (let request = 0; request < 3; request += 1) {
    await submitRequest(harness.deps, { input: submission('delete'), actor: STAFF });
  }
  await linkPendingAuditEvents(harness.db);
});

afterAll(() => runtime.end());

const PERMISSION_DENIED = { code: '42501' };
const NOT_OWNER = /must be owner of table audit_events/;

describe('the runtime role and the audit log', () => {
  it('is not the owner of the tables', async () => {
    const { rows } = await runtime.query(
      `SELECT current_user AS role, tableowner AS owner FROM pg_tables WHERE tablename = 'audit_events'`,
    );
    expect(rows[0].role).not.toBe(rows[0].owner);
  });

  it('cannot disable the append-only trigger, nor alter or drop the table', async () => {
    await expect(
      runtime.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_refuse_update_delete'),
    ).rejects.toThrow(NOT_OWNER);
    await expect(runtime.query('ALTER TABLE audit_events DISABLE TRIGGER ALL')).rejects.toThrow(NOT_OWNER);
    await expect(runtime.query('DROP TABLE audit_events')).rejects.toThrow(NOT_OWNER);
    await expect(runtime.query('SET session_replication_role = replica')).rejects.toThrow(
      /permission denied/,
    );
  });

  it('is refused DELETE, UPDATE and TRUNCATE by permission, not only by the trigger', async () => {
    await expect(runtime.query('DELETE FROM audit_events')).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(runtime.query(`UPDATE audit_events SET action = 'request_withdrawn'`)).rejects.toMatchObject(
      PERMISSION_DENIED,
    );
    await expect(runtime.query('UPDATE audit_events SET chain_position = 0')).rejects.toMatchObject(
      PERMISSION_DENIED,
    );
    await expect(runtime.query('TRUNCATE audit_events')).rejects.toMatchObject(PERMISSION_DENIED);
  });

  it('may not choose an event time or link when inserting, nor replace the sealing function', async () => {
    const insert = (column: string, value: string) =>
      runtime.query(
        `INSERT INTO audit_events (id, actor_type, actor_id, action, payload, ${column})
         VALUES (gen_random_uuid(), 'system', 'x', 'work_started', '{}', ${value})`,
      );
    await expect(insert('occurred_at', `'2020-01-01'`)).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(insert('chain_position', '-5')).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(
      runtime.query(`CREATE OR REPLACE FUNCTION seal_audit_events(UUID[], TEXT[], TEXT[]) RETURNS BIGINT
        LANGUAGE sql AS 'SELECT 0::bigint'`),
    ).rejects.toThrow(/must be owner of function|permission denied/);
  });

  it('seals only at the head of the chain, after its hash, with the time the database gave', async () => {
    const before = new Date();
    const { id } = await submitRequest(harness.deps, { input: submission('know'), actor: STAFF });
    const { rows } = await runtime.query('SELECT id, occurred_at FROM audit_events WHERE request_id = $1', [
      id,
    ]);
    // The services' clock stands in March 2025; the event carries the database's time.
    expect(harness.deps.clock.now().getFullYear()).toBe(2025);
    expect(new Date(rows[0].occurred_at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 5_000);
    await expect(
      runtime.query('SELECT seal_audit_events($1::uuid[], $2::text[], $3::text[])', [
        [rows[0].id],
        ['0'.repeat(64)],
        ['a'.repeat(64)],
      ]),
    ).rejects.toThrow(/does not follow the chain head/);
  });

  it('still writes, seals and verifies the chain through the services', async () => {
    await submitRequest(harness.deps, { input: submission('correct'), actor: STAFF });
    expect(await linkPendingAuditEvents(harness.db)).toBeGreaterThan(0);
    expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true });
  });
});
