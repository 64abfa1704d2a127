// The audit log's only writer and its readers (docs/legal-rules.md#audit-trail).

import { randomUUID } from 'node:crypto';
import { ActorSchema, parseAuditEntry, type Actor, type AuditEntry } from '../../domain/audit-events.js';
import type { Database, Transaction } from '../../db/client.js';
import { Prisma } from '../../db/generated/client.js';

/**
 * One global chain, sealed after commit: a change's transaction only inserts
 * its events, unlinked (no lock: intake does not queue, bench/intake.ts); the
 * audit linker seals them (audit-chain-repo.ts).
 */
export interface AuditAppend {
  actor: Actor;
  requestId: string | null;
  events: readonly AuditEntry[];
}

/**
 * Stamps the actor, validates each payload, and writes the events for the
 * linker to seal; the database stamps their time (migration
 * 202612014000_audit_runtime_role).
 */
export async function appendAuditEvents(tx: Transaction, append: AuditAppend): Promise<void> {
  if (append.events.length === 0) return;
  await tx.$executeRaw(insertAuditEventsSql(append));
}

/**
 * The INSERT behind appendAuditEvents, for a repository that writes the events
 * in the same statement as the change they record (bench/intake.ts); `when`
 * (an SQL condition) can make it insert nothing.
 */
export function insertAuditEventsSql(append: AuditAppend, when: Prisma.Sql = Prisma.sql`true`) {
  return insertKeyedAuditEventsSql([{ key: '', append }], () => when);
}

/**
 * Several appends in one INSERT (a worker recording several tasks at once,
 * bench/fulfilment.ts): each append is written only when `written` holds of its
 * key, an SQL condition on the text `key` it is given.
 */
export function insertKeyedAuditEventsSql(
  appends: readonly { key: string; append: AuditAppend }[],
  written: (key: Prisma.Sql) => Prisma.Sql,
) {
  const rows = appends.flatMap(({ key, append }) => {
    const actor = ActorSchema.parse(append.actor);
    return append.events.map((event) => {
      const entry = parseAuditEntry(event.action, event.payload);
      if (entry === null) throw new Error(`Audit event "${event.action}" does not match its schema`);
      return { key, requestId: append.requestId, actor, entry };
    });
  });
  // WITH ORDINALITY keeps the events' order in their sequence numbers.
  return Prisma.sql`
    INSERT INTO audit_events (id, request_id, actor_type, actor_id, action, payload)
    SELECT event.id, event.request_id, event.actor_type::"ActorType", event.actor_id, event.action,
      event.payload
    FROM unnest(${rows.map(() => randomUUID())}::uuid[], ${rows.map((row) => row.requestId)}::uuid[],
      ${rows.map((row) => row.actor.type)}::text[], ${rows.map((row) => row.actor.id)}::text[],
      ${rows.map((row) => row.entry.action)}::text[],
      ${rows.map((row) => JSON.stringify(row.entry.payload))}::jsonb[], ${rows.map((row) => row.key)}::text[])
      WITH ORDINALITY AS event (id, request_id, actor_type, actor_id, action, payload, key, position)
    WHERE ${written(Prisma.sql`event.key`)}
    ORDER BY event.position`;
}

export interface AuditRecord {
  /** A string: sequences are 64-bit and JSON numbers are not. */
  sequence: string;
  id: string;
  actor: Actor;
  occurredAt: Date;
  entry: AuditEntry;
}

/**
 * A request's audit history in the order the hash chain seals (events not sealed yet
 * last, as inserted), each payload validated again: a row that no longer matches its
 * schema fails loudly instead of being shown. The insertion sequence is not hashed,
 * so it could be changed without `audit:verify` noticing; the chain position cannot.
 */
export async function readAuditHistory(tx: Transaction, requestId: string): Promise<AuditRecord[]> {
  const rows = await tx.auditEvent.findMany({
    where: { requestId },
    orderBy: [{ chainPosition: { sort: 'asc', nulls: 'last' } }, { sequence: 'asc' }],
  });
  return rows.map((row) => {
    const entry = parseAuditEntry(row.action, row.payload);
    const actor = ActorSchema.safeParse({ type: row.actorType, id: row.actorId });
    if (entry === null || !actor.success) {
      throw new Error(`Audit event ${row.sequence} does not match its schema`);
    }
    return {
      sequence: row.sequence.toString(),
      id: row.id,
      actor: actor.data,
      occurredAt: row.occurredAt,
      entry,
    };
  });
}

/** The requests a staff user logged, newest first: their `request_submitted` events name them. */
export async function listRequestIdsSubmittedBy(
  db: Database,
  { staffId, limit }: { staffId: string; limit: number },
): Promise<string[]> {
  const events = await db.auditEvent.findMany({
    where: { actorType: 'staff', actorId: staffId, action: 'request_submitted' },
    orderBy: { sequence: 'desc' },
    take: limit,
    select: { requestId: true },
  });
  return events.map((event) => event.requestId).filter((id): id is string => id !== null);
}
