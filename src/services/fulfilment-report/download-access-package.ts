// A download of an access package: the link and a fresh emailed code, within
// the expiry and the download limit; each download spends the code, is counted
// and audited (docs/legal-rules.md#access-reports).

import type { Dependencies } from '../dependencies.js';
import { decryptBytes, hashCode, sameHash } from '../../secrets.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { findRequestRow } from '../requests/requests-repo.js';
import { countWrongCode, lockAccessPackage, recordDownload } from './access-packages-repo.js';
import { availabilityOf, findPackageOfLink, type PackageAvailability } from './access-package-link.js';
import { ACCESS_PACKAGE_KEY_PURPOSE } from './create-access-package.js';
import { storableText } from '../../domain/storable-text.js';

export const DownloadCodeSchema = storableText()
  .trim()
  .regex(/^\d{6}$/);

export type DownloadOutcome =
  | { kind: 'unknown_link' }
  | { kind: 'unavailable'; availability: Exclude<PackageAvailability, 'available'> }
  /** No code was sent, or it expired or was used: ask for a new one. */
  | { kind: 'code_expired' }
  | { kind: 'code_wrong' }
  | { kind: 'code_locked' }
  | { kind: 'downloaded'; zip: Buffer; fileName: string };

export async function downloadAccessPackage(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { token, code }: { token: string; code: string },
): Promise<DownloadOutcome> {
  const { config } = deps;
  const now = deps.clock.now();
  const found = await findPackageOfLink(deps, token);
  if (found === null) return { kind: 'unknown_link' };
  return deps.db.$transaction(async (tx) => {
    // Locked, so two downloads at once cannot both pass the limit with one code.
    const row = await lockAccessPackage(tx, found.id);
    if (row === null) return { kind: 'unknown_link' };
    const availability = availabilityOf(row, now);
    if (availability !== 'available') return { kind: 'unavailable', availability };
    const sealed = row.sealed;
    if (sealed === null) return { kind: 'unavailable', availability: 'expired' };
    if (row.codeAttempts >= config.VERIFICATION_MAX_ATTEMPTS) return { kind: 'code_locked' };
    if (row.codeHash === null || row.codeExpiresAt === null || row.codeExpiresAt <= now) {
      return { kind: 'code_expired' };
    }
    const parsed = DownloadCodeSchema.safeParse(code);
    if (!parsed.success || !sameHash(row.codeHash, hashCode(config.fulfilmentSecret, row.id, parsed.data))) {
      await countWrongCode(tx, row.id);
      return row.codeAttempts + 1 >= config.VERIFICATION_MAX_ATTEMPTS
        ? { kind: 'code_locked' }
        : { kind: 'code_wrong' };
    }
    const download = await recordDownload(tx, row.id);
    await appendAuditEvents(tx, {
      actor: { type: 'consumer', id: null },
      requestId: row.requestId,
      events: [
        {
          action: 'access_package.downloaded',
          payload: { packageId: row.id, download, downloadLimit: row.downloadLimit },
        },
      ],
    });
    const zip = decryptBytes(
      config.fulfilmentSecret,
      { purpose: ACCESS_PACKAGE_KEY_PURPOSE, boundTo: row.id },
      sealed,
    );
    const { reference } = await findRequestRow(tx, row.requestId);
    return { kind: 'downloaded', zip, fileName: `personal-information-${reference}.zip` };
  });
}
