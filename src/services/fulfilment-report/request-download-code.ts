// The consumer asks for a fresh code to download their access package: one code
// email per cooldown, sent by the mail worker after commit to the package's
// recipient (docs/legal-rules.md#access-reports).

import type { Dependencies } from '../dependencies.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { markCodeRequested } from './access-packages-repo.js';
import {
  ACCESS_PACKAGE_CODE_TOPIC,
  availabilityOf,
  findPackageOfLink,
  type PackageAvailability,
} from './access-package-link.js';

export type DownloadCodeRequest =
  | { kind: 'unknown_link' }
  | { kind: 'unavailable'; availability: Exclude<PackageAvailability, 'available'> }
  | { kind: 'too_soon' }
  | { kind: 'sent' };

export async function requestDownloadCode(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { token }: { token: string },
): Promise<DownloadCodeRequest> {
  const now = deps.clock.now();
  const row = await findPackageOfLink(deps, token);
  if (row === null) return { kind: 'unknown_link' };
  const availability = availabilityOf(row, now);
  if (availability !== 'available') return { kind: 'unavailable', availability };
  const cooldownStart = new Date(now.getTime() - deps.config.VERIFICATION_RESEND_COOLDOWN_SECONDS * 1000);
  return deps.db.$transaction(async (tx) => {
    if (!(await markCodeRequested(tx, { id: row.id, now, cooldownStart }))) return { kind: 'too_soon' };
    await enqueueOutboxMessages(
      tx,
      [{ topic: ACCESS_PACKAGE_CODE_TOPIC, payload: { packageId: row.id } }],
      now,
    );
    return { kind: 'sent' };
  });
}
