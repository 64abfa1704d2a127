// The mail worker's part in delivering results: the completion notice's
// details (each system's result, the report's link, issued now and stored as a
// hash, so it exists in plain text only in the email), and the download code
// the consumer asks for (docs/legal-rules.md#access-reports).

import type { Config } from '../config/index.js';
import type { Database } from '../db/client.js';
import type { DataMap } from '../domain/fulfilment/data-map.js';
import type { PrivacyRequest, RequestAgent, RequestSubject } from '../db/generated/client.js';
import { summarizeFulfilment } from '../domain/fulfilment/deletion-results.js';
import { formatInstant, translator } from '../i18n/index.js';
import type { OutgoingMessage } from '../mail/mailer.js';
import { renderMail } from '../mail/templates.js';
import { generateCode, hashCode, hashToken, newSecretToken } from '../secrets.js';
import {
  findAccessPackage,
  findAccessPackageOfRequest,
  setDownloadCode,
  setLinkTokenHash,
} from '../services/fulfilment-report/access-packages-repo.js';
import { availabilityOf, DOWNLOAD_CODE_TTL_MS } from '../services/fulfilment-report/access-package-link.js';
import type { CompletionDetails } from '../services/fulfilment-report/completion-details.js';
import { findRequestAgent, findRequestRow, findRequestSubject } from '../services/requests/requests-repo.js';
import { listTaskResults } from '../services/fulfilment/fulfilment-repo.js';

interface Context {
  db: Database;
  config: Config;
  now: Date;
  dataMap: DataMap;
}

/** The path of the download page; the token follows as `?token=`. */
export const ACCESS_REPORT_PATH = '/access-report';

/** What a completion notice adds, for a reader who is the agent (`toAgent`) or the consumer. */
export async function completionDetailsFor(
  context: Context,
  request: PrivacyRequest,
  { toAgent }: { toAgent: boolean },
): Promise<CompletionDetails> {
  const { db, config, now, dataMap } = context;
  const results =
    request.type === 'delete' || request.type === 'correct'
      ? summarizeFulfilment(request.type, dataMap.systems, await listTaskResults(db, request.id))
      : [];
  const accessPackage = await findAccessPackageOfRequest(db, request.id);
  if (accessPackage === null || availabilityOf(accessPackage, now) !== 'available') {
    return { results, accessPackage: null };
  }
  const mayHaveLink = (accessPackage.recipient === 'agent') === toAgent;
  let link: string | null = null;
  if (mayHaveLink) {
    const token = newSecretToken();
    await setLinkTokenHash(db, accessPackage.id, hashToken(token));
    link = new URL(`${ACCESS_REPORT_PATH}?token=${token}`, config.PUBLIC_BASE_URL).toString();
  }
  return {
    results,
    accessPackage: {
      link,
      expires: formatInstant(request.language, accessPackage.expiresAt, config.BUSINESS_TIMEZONE),
      downloadLimit: accessPackage.downloadLimit,
    },
  };
}

/** The download code, issued now: its keyed hash is stored, the code itself only emailed. */
export async function prepareDownloadCodeMail(
  context: Context,
  packageId: string,
): Promise<OutgoingMessage | null> {
  const { db, config, now } = context;
  const accessPackage = await findAccessPackage(db, packageId);
  if (accessPackage === null || availabilityOf(accessPackage, now) !== 'available') return null;
  const request = await findRequestRow(db, accessPackage.requestId);
  const recipient = await recipientOf(db, request.id, accessPackage.recipient);
  if (recipient === null) return null;
  const code = generateCode();
  const expiresAt = new Date(now.getTime() + DOWNLOAD_CODE_TTL_MS);
  await setDownloadCode(db, {
    id: accessPackage.id,
    codeHash: hashCode(config.fulfilmentSecret, accessPackage.id, code),
    codeExpiresAt: expiresAt,
  });
  const language = request.language;
  const t = translator(language);
  const rendered = renderMail(language, {
    name: recipient.name,
    reference: request.reference,
    content: {
      subject: t('mail.access_code.subject', { reference: request.reference }),
      paragraphs: [
        t('mail.access_code.body', {
          reference: request.reference,
          code,
          expires: formatInstant(language, expiresAt, config.BUSINESS_TIMEZONE),
        }),
        t('mail.access_code.not_you'),
        t('mail.code.never_share'),
      ],
    },
  });
  return { to: recipient.email, language, ...rendered };
}

async function recipientOf(
  db: Database,
  requestId: string,
  who: 'consumer' | 'agent',
): Promise<{ email: string; name: string | null } | null> {
  if (who === 'agent') {
    const agent: RequestAgent | null = await findRequestAgent(db, requestId);
    return agent?.email ? { email: agent.email, name: agent.name } : null;
  }
  const subject: RequestSubject | null = await findRequestSubject(db, requestId);
  return subject?.email ? { email: subject.email, name: subject.firstName } : null;
}
