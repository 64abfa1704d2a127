// What an access package's link leads to, before and after the emailed code
// (docs/legal-rules.md#access-reports). The link alone shows only the
// reference and what is left; the report needs a fresh code as well.

import type { Dependencies } from '../dependencies.js';
import { hashToken } from '../../secrets.js';
import { findAccessPackageByLinkToken, type AccessPackage } from './access-packages-repo.js';
import { findRequestRow } from '../requests/requests-repo.js';

/** The email's download code, written by the mail worker (ids only). */
export const ACCESS_PACKAGE_CODE_TOPIC = 'mail.access_package_code';

/** How long an emailed download code works: long enough to read an email, short enough to be fresh. */
export const DOWNLOAD_CODE_TTL_MS = 30 * 60_000;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

export type PackageAvailability = 'available' | 'expired' | 'download_limit_reached';

export function availabilityOf(row: AccessPackage, now: Date): PackageAvailability {
  if (row.purgedAt !== null || row.sealed === null || row.expiresAt <= now) return 'expired';
  if (row.downloadCount >= row.downloadLimit) return 'download_limit_reached';
  return 'available';
}

/** The package a link token names, or null for a malformed or unknown token. */
export async function findPackageOfLink(
  deps: Pick<Dependencies, 'db'>,
  token: string,
): Promise<AccessPackage | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  return findAccessPackageByLinkToken(deps.db, hashToken(token));
}

export type AccessPackageLinkView =
  | { kind: 'unknown_link' }
  | { kind: 'unavailable'; availability: Exclude<PackageAvailability, 'available'> }
  | { kind: 'available'; reference: string; expiresAt: Date; downloadsLeft: number };

/** What the download page shows for a link, before any code. */
export async function viewAccessPackageLink(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { token }: { token: string },
): Promise<AccessPackageLinkView> {
  const row = await findPackageOfLink(deps, token);
  if (row === null) return { kind: 'unknown_link' };
  const availability = availabilityOf(row, deps.clock.now());
  if (availability !== 'available') return { kind: 'unavailable', availability };
  const { reference } = await findRequestRow(deps.db, row.requestId);
  return {
    kind: 'available',
    reference,
    expiresAt: row.expiresAt,
    downloadsLeft: row.downloadLimit - row.downloadCount,
  };
}
