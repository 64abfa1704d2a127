// How each requester was verified (Regs 7101), with the declaration they
// signed (Regs 7062(c)): one row per `request_verified` event.

import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../db/client.js';
import { Prisma, type VerificationRecord } from '../../db/generated/client.js';
import type { Actor } from '../../domain/audit-events.js';
import type { RequestState } from '../../domain/lifecycle/index.js';

export interface VerificationRecordInput {
  requestId: string;
  verification: NonNullable<RequestState['verification']>;
  /** Regs 7062(c): the signed declaration is kept with the record. */
  declarationSignedName: string | null;
  actor: Actor;
  recordedAt: Date;
}

/**
 * The INSERT of the records, alone or in a statement that writes them beside
 * other rows (`when`, an SQL condition, can make it write none). Never empty
 * SQL: without records it inserts no row.
 */
export function insertVerificationRecordsSql(
  records: readonly VerificationRecordInput[],
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  if (records.length === 0) return Prisma.sql`SELECT WHERE false`;
  const rows = records.map(
    ({ requestId, verification, declarationSignedName, actor, recordedAt }) => Prisma.sql`(
      ${randomUUID()}::uuid, ${requestId}::uuid, ${verification.method}::"VerificationMethod",
      ${verification.level}::"VerificationLevel", ${[...verification.matchedDataPoints]}::text[],
      ${verification.emailControlProven}::boolean, ${verification.declarationSigned}::boolean,
      ${declarationSignedName}::text,
      ${recordedAt}::timestamptz, ${actor.type}::"ActorType", ${actor.id}::text)`,
  );
  return Prisma.sql`
    INSERT INTO verification_records (id, request_id, method, level, matched_data_points,
      email_control_proven, declaration_signed, declaration_signed_name, recorded_at, actor_type, actor_id)
    SELECT * FROM (VALUES ${Prisma.join(rows)}) AS record
    WHERE ${when}`;
}

export async function listVerificationRecords(
  tx: Transaction,
  requestId: string,
): Promise<VerificationRecord[]> {
  return tx.verificationRecord.findMany({ where: { requestId }, orderBy: { recordedAt: 'asc' } });
}
