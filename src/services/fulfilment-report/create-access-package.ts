// The answer to a request to know, packed for delivery (docs/legal-rules.md#access-reports):
// the report built from the data map and the request's task results, written
// out as HTML and JSON, zipped, encrypted and stored with its expiry and
// download limit, in the caller's transaction (the one that completes the
// request, so the completion email always finds its package).

import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../db/client.js';
import { buildAccessReport } from '../../domain/fulfilment/access-report.js';
import type { ReportedSystem, SystemTaskResult } from '../../domain/fulfilment/fulfilment-results.js';
import type { RequestState } from '../../domain/lifecycle/index.js';
import type { Language } from '../../i18n/index.js';
import { encryptBytes, hashToken } from '../../secrets.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { insertAccessPackage } from './access-packages-repo.js';
import { packAccessReport } from './pack-access-report.js';
import { renderAccessReportHtml } from './render-access-report.js';

/** The HKDF purpose of the packages' key, and what their ciphertext is bound to (the row's id). */
export const ACCESS_PACKAGE_KEY_PURPOSE = 'access-package';

const DAY_MS = 86_400_000;

export interface AccessPackageSource {
  readonly request: { readonly id: string; readonly reference: string; readonly language: Language };
  readonly state: RequestState;
  readonly systems: readonly ReportedSystem[];
  readonly results: readonly SystemTaskResult[];
}

export async function createAccessPackage(
  deps: Pick<Dependencies, 'config' | 'clock'>,
  tx: Transaction,
  { request, state, systems, results }: AccessPackageSource,
): Promise<{ packageId: string; recipient: 'consumer' | 'agent' }> {
  const { config } = deps;
  const now = deps.clock.now();
  const report = buildAccessReport({
    reference: request.reference,
    now,
    specificPieces: state.knowScope?.specificPieces ?? false,
    systems,
    results,
  });
  const html = renderAccessReportHtml(report, {
    language: request.language,
    timeZone: config.BUSINESS_TIMEZONE,
  });
  const zip = await packAccessReport(report, html);
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + config.ACCESS_PACKAGE_TTL_DAYS * DAY_MS);
  // Civ. 1798.130(a)(3)(A), Regs 7063(b): the consumer's own information goes to the
  // consumer; only an agent holding a power of attorney receives it in their place.
  const recipient = state.agentAuthorization?.powerOfAttorney === true ? 'agent' : 'consumer';
  const sha256 = hashToken(zip);
  await insertAccessPackage(tx, {
    id,
    requestId: request.id,
    recipient,
    sealed: encryptBytes(config.fulfilmentSecret, { purpose: ACCESS_PACKAGE_KEY_PURPOSE, boundTo: id }, zip),
    sizeBytes: zip.length,
    sha256,
    expiresAt,
    downloadLimit: config.ACCESS_PACKAGE_DOWNLOAD_LIMIT,
    createdAt: now,
  });
  await appendAuditEvents(tx, {
    actor: { type: 'system', id: 'access-package' },
    requestId: request.id,
    events: [
      {
        action: 'access_package.created',
        payload: { packageId: id, zipSha256: sha256, expiresAt: expiresAt.toISOString(), recipient },
      },
    ],
  });
  return { packageId: id, recipient };
}
