// Letters to send (/staff/letters): the notices the outbox holds for requests
// with no email address to write to (the receipt, Regs 7021(a); the extension,
// Regs 7021(b); completion; denial, Civ. 1798.145; closing as unverified,
// Regs 7022(a), 7024), written out in the consumer's language for staff to
// print and post. The mail worker never claims them.

import { fromDateColumn } from '../../db/date-columns.js';
import type { Prisma, RequestSubject } from '../../db/generated/client.js';
import { translator } from '../../i18n/index.js';
import { listRequestsWithSubjects } from '../requests/requests-repo.js';
import { listPendingLetters } from './outbox-repo.js';
import { businessDateOf } from '../../domain/business-date.js';
import { unreachable } from '../../domain/errors.js';
import type { NoticeKind } from '../../domain/notices.js';
import type { RequestType } from '../../domain/request-types.js';
import { noticeOfTopic } from './outbox-topics.js';
import { noticeContentOf } from './notice-content.js';
import { completionDetailsForLetters } from '../fulfilment-report/letter-completion-details.js';
import type { Dependencies } from '../dependencies.js';

/** Oldest first: they are the most urgent to post. */
export const LETTERS_PER_PAGE = 50;

/** The last day (YYYY-MM-DD, business time zone) a letter is on time, and the rule that sets it. */
interface PostBy {
  date: string;
  rule: string;
}

interface LetterToSend {
  outboxId: string;
  /** The request whose access report goes with this letter, printed from its own page; null when none. */
  accessReportRequestId: string | null;
  kind: NoticeKind;
  queuedAt: Date;
  reference: string;
  /**
   * The last day the law allows for it, or null when it is due at once (a
   * closure follows a deadline that has passed; an extension notice queued
   * before its row carried the first respond-by date).
   */
  postBy: PostBy | null;
  /**
   * Its post-by date has passed. For an extension notice this matters most:
   * the extension holds only if the notice was given within the first
   * response period (Regs 7021(b), NRS 603A.345(4)).
   */
  late: boolean;
  /** The address block, one line each; empty when the request's personal data is gone. */
  addressLines: string[];
  /** The letter itself, paragraph by paragraph, in the consumer's language. */
  paragraphs: string[];
}

interface LettersPage {
  letters: LetterToSend[];
  /** The outbox id to pass as `after` for the next (newer) page, or null on the last page. */
  nextAfter: string | null;
}

/**
 * One page of pending letters, oldest first, after the letter `after` (keyset
 * paging on queue time and id: a letter marked sent meanwhile shifts nothing).
 */
export async function listLettersToSend(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config' | 'dataMap'>,
  { after }: { after?: string } = {},
): Promise<LettersPage> {
  const rows = await listPendingLetters(deps.db, { after, limit: LETTERS_PER_PAGE + 1 });
  const page = rows.slice(0, LETTERS_PER_PAGE);
  const today = businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);
  const payloadOf = (payload: Prisma.JsonValue): Record<string, unknown> =>
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload : {};
  const requestIdOf = (payload: Prisma.JsonValue) => String(payloadOf(payload).requestId ?? '');
  const requests = await listRequestsWithSubjects(
    deps.db,
    page.map((row) => requestIdOf(row.payload)),
  );
  const completionOf = await completionDetailsForLetters(
    deps,
    page
      .flatMap((row) =>
        noticeOfTopic(row.topic)?.kind === 'request_completed'
          ? [requests.find((candidate) => candidate.id === requestIdOf(row.payload))]
          : [],
      )
      .flatMap((request) => (request === undefined ? [] : [request])),
  );
  const letters = page.flatMap((row): LetterToSend[] => {
    const notice = noticeOfTopic(row.topic);
    const request = requests.find((candidate) => candidate.id === requestIdOf(row.payload));
    if (notice === null || request === undefined) return [];
    const t = translator(request.language);
    const payload = payloadOf(row.payload);
    const completion = notice.kind === 'request_completed' ? completionOf.get(request.id) : undefined;
    const content = noticeContentOf(notice.kind, 'letter', {
      request,
      payload,
      publicBaseUrl: deps.config.PUBLIC_BASE_URL,
      privacyPolicyUrl: deps.config.privacyPolicyUrl,
      completion,
    });
    const postBy = postByOf(notice.kind, request, payload);
    return [
      {
        outboxId: row.id,
        kind: notice.kind,
        queuedAt: row.createdAt,
        reference: request.reference,
        accessReportRequestId: completion?.accessPackage ? request.id : null,
        postBy,
        // Dates are YYYY-MM-DD, so they compare as strings; the post-by day itself is on time.
        late: postBy !== null && postBy.date < today,
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

function postByOf(
  kind: NoticeKind,
  request: { type: RequestType; acknowledgeBy: Date | null; respondBy: Date },
  payload: Record<string, unknown>,
): PostBy | null {
  switch (kind) {
    case 'receipt_confirmation':
      // Regs 7021(a): within 10 business days of receipt.
      return request.acknowledgeBy === null
        ? null
        : { date: fromDateColumn(request.acknowledgeBy), rule: 'Regs 7021(a)' };
    case 'extension_notice': {
      // Regs 7021(b), NRS 603A.345(4): the notice and its reason are given before the
      // first deadline ends; the row carries that deadline (rows queued before it did, not).
      const date = payload.previousRespondBy;
      if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
      return { date, rule: request.type === 'nv_opt_out' ? 'NRS 603A.345(4)' : 'Regs 7021(b)' };
    }
    case 'request_completed':
      return { date: fromDateColumn(request.respondBy), rule: responsePeriodRuleOf(request.type) };
    case 'request_denied':
      // Civ. 1798.145: the denial states its reasons within the response period.
      return {
        date: fromDateColumn(request.respondBy),
        rule: `${responsePeriodRuleOf(request.type)}; Civ. 1798.145`,
      };
    case 'request_closed_unverified':
      return null;
    case 'know_scope_narrowed':
      // Regs 7024(a): told with the response, within the response period.
      return { date: fromDateColumn(request.respondBy), rule: 'Regs 7024(a)' };
    case 'verification_level_raised':
      // The requester needs time to answer before the response is due.
      return { date: fromDateColumn(request.respondBy), rule: 'Regs 7062(c), (d)' };
    default:
      return unreachable(kind);
  }
}

/** The rule that sets a request type's response period (docs/legal-rules.md#deadlines). */
function responsePeriodRuleOf(type: RequestType): string {
  switch (type) {
    case 'know':
    case 'delete':
    case 'correct':
      return 'Regs 7021(b)';
    case 'opt_out':
      return 'Regs 7026(f)';
    case 'limit':
      return 'Regs 7027(g)';
    case 'nv_opt_out':
      return 'NRS 603A.345(4)';
    case 'stl_disclosure':
      return 'Civ. 1798.83(b)';
    case 'stl_suppression':
      return 'Civ. 1798.83(c)(2)';
    default:
      return unreachable(type);
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
