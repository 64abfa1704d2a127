// Deleted identities as keyed hashes (Regs 7022(d)), and the statements a
// replay runs against a system restored from backup: listing who it holds and
// deleting one of them, on that system's own database.

import pg from 'pg';
import type { Database, Transaction } from '../../db/client.js';
import type { IdentityKind } from '../../domain/fulfilment/deleted-identity.js';

export interface DeletedIdentityRow {
  systemKey: string;
  kind: IdentityKind;
  identityHash: string;
  requestId: string;
  deletedAt: Date;
}

/** A person deleted twice from a system is remembered once. */
export async function insertDeletedIdentities(
  tx: Transaction,
  rows: readonly DeletedIdentityRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.deletedIdentity.createMany({ data: [...rows], skipDuplicates: true });
}

export async function listDeletedIdentityHashes(db: Database, systemKey: string): Promise<Set<string>> {
  const rows = await db.deletedIdentity.findMany({ where: { systemKey }, select: { identityHash: true } });
  return new Set(rows.map((row) => row.identityHash));
}

/** A statement with its values bound in order ($1, $2, …). */
export interface BoundStatement {
  text: string;
  values: unknown[];
}

const FETCH_SIZE = 1000;
const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * Reads who the system holds through a cursor, `FETCH_SIZE` rows at a time, in
 * a read-only transaction, handing each batch to `visit`; then runs the
 * deletions `visit` asked for, each in its own statement, in one transaction.
 */
export async function scanAndDelete(
  systemUrl: string,
  identities: string,
  visit: (rows: Record<string, unknown>[]) => BoundStatement[],
): Promise<{ scanned: number; deleted: number }> {
  const client = new pg.Client({ connectionString: systemUrl });
  await client.connect();
  try {
    await client.query(`SET statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE replay_identities NO SCROLL CURSOR FOR ${identities}`);
    const deletions: BoundStatement[] = [];
    let scanned = 0;
    for (;;) {
      const batch = await client.query<Record<string, unknown>>(`FETCH ${FETCH_SIZE} FROM replay_identities`);
      if (batch.rows.length === 0) break;
      scanned += batch.rows.length;
      deletions.push(...visit(batch.rows));
    }
    await client.query('COMMIT');
    await client.query('BEGIN');
    let deleted = 0;
    for (const statement of deletions) {
      deleted += (await client.query(statement.text, statement.values)).rowCount ?? 0;
    }
    await client.query('COMMIT');
    return { scanned, deleted };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
