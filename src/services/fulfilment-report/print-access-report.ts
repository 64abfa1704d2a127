// Staff print a request's access report to post it with the completion letter
// to a requester without email (docs/legal-rules.md#access-reports). Showing it
// is showing the consumer's personal data, so it is audited.

import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError } from '../../domain/errors.js';
import { decryptBytes } from '../../secrets.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { findAccessPackageOfRequest } from './access-packages-repo.js';
import { ACCESS_PACKAGE_KEY_PURPOSE } from './create-access-package.js';
import { htmlReportOf } from './unpack-access-report.js';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The report's HTML; NotFoundError when the request has no package or it was purged. */
export async function printAccessReport(
  deps: Pick<Dependencies, 'db' | 'config' | 'clock'>,
  { requestId, actor }: { requestId: string; actor: Actor },
): Promise<string> {
  const row = UUID_SHAPE.test(requestId) ? await findAccessPackageOfRequest(deps.db, requestId) : null;
  if (row === null || row.sealed === null) {
    throw new NotFoundError('REQUEST.NOT_FOUND', 'No access report to print for this request', { requestId });
  }
  const zip = decryptBytes(
    deps.config.fulfilmentSecret,
    { purpose: ACCESS_PACKAGE_KEY_PURPOSE, boundTo: row.id },
    row.sealed,
  );
  const html = await htmlReportOf(zip);
  await deps.db.$transaction((tx) =>
    appendAuditEvents(tx, {
      actor,
      requestId,
      events: [{ action: 'request.personal_data_viewed', payload: { sections: ['access_report'] } }],
    }),
  );
  return html;
}
