// Access packages as rows: the encrypted ZIP, its expiry and downloads, the
// hashes of the link token and of the current download code.

import type { Database, Transaction } from '../../db/client.js';
import type { AccessPackage, AccessPackageRecipient } from '../../db/generated/client.js';

export type { AccessPackage };

export interface NewAccessPackage {
  id: string;
  requestId: string;
  recipient: AccessPackageRecipient;
  sealed: Buffer;
  sizeBytes: number;
  sha256: string;
  expiresAt: Date;
  downloadLimit: number;
  createdAt: Date;
}

export async function insertAccessPackage(tx: Transaction, input: NewAccessPackage): Promise<void> {
  // Prisma's Bytes wants a Uint8Array over a plain ArrayBuffer; Node's Buffer may sit on a pooled one.
  await tx.accessPackage.create({ data: { ...input, sealed: new Uint8Array(input.sealed) } });
}

export async function findAccessPackage(
  db: Database | Transaction,
  id: string,
): Promise<AccessPackage | null> {
  return db.accessPackage.findUnique({ where: { id } });
}

export async function findAccessPackageOfRequest(
  db: Database | Transaction,
  requestId: string,
): Promise<AccessPackage | null> {
  return db.accessPackage.findUnique({ where: { requestId } });
}

/** Of `requestIds`, those with an access package that can still be printed or downloaded. */
export async function listRequestIdsWithPackage(
  db: Database,
  requestIds: readonly string[],
): Promise<Set<string>> {
  if (requestIds.length === 0) return new Set();
  const rows = await db.accessPackage.findMany({
    where: { requestId: { in: [...requestIds] }, purgedAt: null },
    select: { requestId: true },
  });
  return new Set(rows.map((row) => row.requestId));
}

export async function findAccessPackageByLinkToken(
  db: Database | Transaction,
  linkTokenHash: string,
): Promise<AccessPackage | null> {
  return db.accessPackage.findUnique({ where: { linkTokenHash } });
}

/** The link the completion email carries; a new email (a retry) replaces it. */
export async function setLinkTokenHash(db: Database, id: string, linkTokenHash: string): Promise<void> {
  await db.accessPackage.update({ where: { id }, data: { linkTokenHash } });
}

/**
 * Records that a code was asked for, unless one was asked for within the
 * cooldown or the package can no longer be downloaded; true when recorded.
 * One conditional statement, so two clicks at once send one code.
 */
export async function markCodeRequested(
  tx: Transaction,
  { id, now, cooldownStart }: { id: string; now: Date; cooldownStart: Date },
): Promise<boolean> {
  const updated = await tx.$executeRaw`
    UPDATE access_packages SET code_requested_at = ${now}
    WHERE id = ${id}::uuid AND purged_at IS NULL AND expires_at > ${now}
      AND download_count < download_limit
      AND (code_requested_at IS NULL OR code_requested_at <= ${cooldownStart})`;
  return updated === 1;
}

/** A fresh code replaces the last one, with its attempts counted from zero. */
export async function setDownloadCode(
  db: Database,
  { id, codeHash, codeExpiresAt }: { id: string; codeHash: string; codeExpiresAt: Date },
): Promise<void> {
  await db.accessPackage.update({ where: { id }, data: { codeHash, codeExpiresAt, codeAttempts: 0 } });
}

/** The row locked for the rest of the transaction: one download decision at a time per package. */
export async function lockAccessPackage(tx: Transaction, id: string): Promise<AccessPackage | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM access_packages WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length === 0 ? null : tx.accessPackage.findUnique({ where: { id } });
}

export async function countWrongCode(tx: Transaction, id: string): Promise<void> {
  await tx.accessPackage.update({ where: { id }, data: { codeAttempts: { increment: 1 } } });
}

/** A download spends the code: the next one needs a new code. */
export async function recordDownload(tx: Transaction, id: string): Promise<number> {
  const row = await tx.accessPackage.update({
    where: { id },
    data: { downloadCount: { increment: 1 }, codeHash: null, codeExpiresAt: null },
  });
  return row.downloadCount;
}

/** Empties the expired packages (at most `limit`), answering which; the rows stay as a record. */
export async function purgeExpiredPackages(
  tx: Transaction,
  { now, limit }: { now: Date; limit: number },
): Promise<{ id: string; requestId: string }[]> {
  return tx.$queryRaw<{ id: string; requestId: string }[]>`
    UPDATE access_packages SET sealed = NULL, purged_at = ${now}, code_hash = NULL
    WHERE id IN (
      SELECT id FROM access_packages WHERE purged_at IS NULL AND expires_at <= ${now}
      ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, request_id AS "requestId"`;
}
