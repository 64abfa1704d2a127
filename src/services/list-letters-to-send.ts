// Letters to send (/staff/letters): receipt confirmations the outbox holds for
// consumers with no email (Regs 7021(a)), written out in the consumer's language
// for staff to print and post. The mail worker never claims them.

import { fromDateColumn } from '../db/date-columns.js';
import type { RequestSubject } from '../db/generated/client.js';
import { formatDate, translate, type MessageKey } from '../mail/messages/index.js';
import type { ServiceDependencies } from './dependencies.js';
import { LETTER_RECEIPT_CONFIRMATION_TOPIC } from './mail-topics.js';

/** A page of the oldest letters first: they are the most urgent to post. */
const LETTERS_PER_PAGE = 50;

export interface LetterToSend {
  outboxId: string;
  queuedAt: Date;
  reference: string;
  /** Regs 7021(a): the confirmation is due within 10 business days of receipt. */
  postBy: string | null;
  /** The address block, one line each; empty when the request's personal data is gone. */
  addressLines: string[];
  /** The letter itself, paragraph by paragraph. */
  paragraphs: string[];
}

export async function listLettersToSend(deps: Pick<ServiceDependencies, 'db'>): Promise<LetterToSend[]> {
  const rows = await deps.db.outboxMessage.findMany({
    where: { topic: LETTER_RECEIPT_CONFIRMATION_TOPIC, status: 'pending' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: LETTERS_PER_PAGE,
    select: { id: true, createdAt: true, payload: true },
  });
  const requestIdOf = (payload: unknown) =>
    typeof payload === 'object' && payload !== null && 'requestId' in payload
      ? String(payload.requestId)
      : '';
  const requests = await deps.db.privacyRequest.findMany({
    where: { id: { in: rows.map((row) => requestIdOf(row.payload)) } },
    include: { subject: true },
  });
  return rows.flatMap((row) => {
    const request = requests.find((candidate) => candidate.id === requestIdOf(row.payload));
    if (request === undefined) return [];
    const language = request.language;
    const t = (key: MessageKey, values?: Record<string, string>) => translate(language, key, values);
    const type = t(`type.${request.type}`);
    const next: MessageKey[] = [];
    if (request.status === 'awaiting_verification') next.push('letter.receipt.verification_next');
    if (request.status === 'awaiting_agent_authorization') next.push('mail.receipt.agent_next');
    return [
      {
        outboxId: row.id,
        queuedAt: row.createdAt,
        reference: request.reference,
        postBy: request.acknowledgeBy === null ? null : fromDateColumn(request.acknowledgeBy),
        addressLines: request.subject === null ? [] : addressLinesOf(request.subject),
        paragraphs: [
          t('mail.greeting', { name: request.subject?.firstName ?? '' }),
          t('mail.receipt.body', { type, date: formatDate(language, fromDateColumn(request.receiptDate)) }),
          t('mail.receipt.respond_by', { date: formatDate(language, fromDateColumn(request.respondBy)) }),
          ...next.map((key) => t(key)),
          t('mail.reference', { reference: request.reference }),
          t('mail.sign_off'),
        ],
      },
    ];
  });
}

function addressLinesOf(subject: RequestSubject): string[] {
  const { addressLine1, addressLine2, addressCity, addressState, addressPostalCode } = subject;
  return [
    `${subject.firstName} ${subject.lastName}`,
    addressLine1,
    addressLine2,
    addressCity === null ? null : `${addressCity}, ${addressState ?? ''} ${addressPostalCode ?? ''}`,
  ].filter((line): line is string => line !== null && line.trim() !== '');
}
