// Letters to send (/staff/letters): the notices the outbox holds for requests
// with no email address to write to (the receipt, Regs 7021(a); the extension,
// Regs 7021(b); completion; denial, Civ. 1798.145; closing as unverified,
// Regs 7022(a), 7024), written out in the consumer's language for staff to
// print and post. The mail worker never claims them.

import { fromDateColumn } from '../db/date-columns.js';
import type { Prisma, RequestSubject } from '../db/generated/client.js';
import { translate, type MessageKey } from '../mail/messages/index.js';
import { unreachable } from '../domain/errors.js';
import type { NoticeKind } from '../domain/notices.js';
import { LETTER_TOPIC_PREFIX, noticeOfTopic } from './mail-topics.js';
import { noticeContentOf } from './notice-content.js';
import type { StaffServiceDependencies } from './staff-settings.js';

/** Oldest first: they are the most urgent to post. */
export const LETTERS_PER_PAGE = 50;

export interface LetterToSend {
  outboxId: string;
  kind: NoticeKind;
  queuedAt: Date;
  reference: string;
  /**
   * The last day the law allows for it, or null when it is due at once (an
   * extension notice, Regs 7021(b), is written only before the first deadline
   * ends; a closure follows a deadline that has passed).
   */
  postBy: string | null;
  /** The address block, one line each; empty when the request's personal data is gone. */
  addressLines: string[];
  /** The letter itself, paragraph by paragraph, in the consumer's language. */
  paragraphs: string[];
}

export interface LettersPage {
  letters: LetterToSend[];
  /** The outbox id to pass as `after` for the next (newer) page, or null on the last page. */
  nextAfter: string | null;
}

/**
 * One page of pending letters, oldest first, after the letter `after` (keyset
 * paging on queue time and id: a letter marked sent meanwhile shifts nothing).
 */
export async function listLettersToSend(
  deps: Pick<StaffServiceDependencies, 'db' | 'staff'>,
  { after }: { after?: string } = {},
): Promise<LettersPage> {
  const cursor =
    after === undefined
      ? null
      : await deps.db.outboxMessage.findUnique({
          where: { id: after },
          select: { id: true, createdAt: true },
        });
  const afterCursor: Prisma.OutboxMessageWhereInput[] =
    cursor === null
      ? []
      : [
          {
            OR: [
              { createdAt: { gt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { gt: cursor.id } },
            ],
          },
        ];
  const rows = await deps.db.outboxMessage.findMany({
    where: {
      topic: { startsWith: LETTER_TOPIC_PREFIX },
      status: 'pending',
      AND: afterCursor,
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: LETTERS_PER_PAGE + 1,
    select: { id: true, topic: true, createdAt: true, payload: true },
  });
  const page = rows.slice(0, LETTERS_PER_PAGE);
  const payloadOf = (payload: Prisma.JsonValue): Record<string, unknown> =>
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload : {};
  const requestIdOf = (payload: Prisma.JsonValue) => String(payloadOf(payload).requestId ?? '');
  const requests = await deps.db.privacyRequest.findMany({
    where: { id: { in: page.map((row) => requestIdOf(row.payload)) } },
    include: { subject: true },
  });
  const letters = page.flatMap((row): LetterToSend[] => {
    const notice = noticeOfTopic(row.topic);
    const request = requests.find((candidate) => candidate.id === requestIdOf(row.payload));
    if (notice === null || request === undefined) return [];
    const t = (key: MessageKey, values?: Record<string, string>) => translate(request.language, key, values);
    const content = noticeContentOf(notice.kind, 'letter', {
      request,
      payload: payloadOf(row.payload),
      publicBaseUrl: deps.staff.publicBaseUrl,
    });
    return [
      {
        outboxId: row.id,
        kind: notice.kind,
        queuedAt: row.createdAt,
        reference: request.reference,
        postBy: postByOf(notice.kind, request),
        addressLines: request.subject === null ? [] : addressLinesOf(request.subject),
        paragraphs: [
          t('mail.greeting', { name: request.subject?.firstName ?? '' }),
          ...content.paragraphs.map((paragraph) =>
            typeof paragraph === 'string' ? paragraph : paragraph.text,
          ),
          t('mail.reference', { reference: request.reference }),
          t('mail.sign_off'),
        ],
      },
    ];
  });
  const last = page.at(-1);
  return { letters, nextAfter: rows.length > LETTERS_PER_PAGE && last !== undefined ? last.id : null };
}

function postByOf(kind: NoticeKind, request: { acknowledgeBy: Date | null; respondBy: Date }): string | null {
  switch (kind) {
    case 'receipt_confirmation':
      // Regs 7021(a): within 10 business days of receipt.
      return request.acknowledgeBy === null ? null : fromDateColumn(request.acknowledgeBy);
    case 'request_completed':
    case 'request_denied':
      // Regs 7021(b), Civ. 1798.145: the response, or the denial with its reasons, within the response period.
      return fromDateColumn(request.respondBy);
    case 'extension_notice':
    case 'request_closed_unverified':
      return null;
    default:
      return unreachable(kind);
  }
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
