// What each notice says, the same whether it is emailed (src/jobs/mail-handlers.ts)
// or printed as a letter (/staff/letters): written now, from the request as it
// is, in the consumer's language. The greeting, reference and sign-off are added
// by whoever writes it out.

import { fromDateColumn } from '../../db/date-columns.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { unreachable } from '../../domain/errors.js';
import { appliedAtOnceOutcome } from '../../domain/lifecycle/applied-at-once.js';
import { parseRequestState } from '../../domain/lifecycle/state-schema.js';
import { isAppliedWithoutVerification } from '../../domain/request-types.js';
import { formatDate, translator } from '../../i18n/index.js';
import { linkParagraph, type Paragraph } from '../../mail/templates.js';
import type { NoticeKind } from '../../domain/notices.js';
import type { NoticeDelivery } from './outbox-topics.js';
import { completionParagraphs, type CompletionDetails } from '../fulfilment-report/completion-details.js';

interface NoticeContent {
  subject: string;
  paragraphs: Paragraph[];
}

interface NoticeSource {
  request: PrivacyRequest;
  /** The outbox row's payload: ids, and the extension's reason and the respond-by date it replaced. */
  payload: Readonly<Record<string, unknown>>;
  publicBaseUrl: string;
  /** The business's privacy policy (PRIVACY_POLICY_URL). */
  privacyPolicyUrl: string;
  /** Written to the authorized agent who made the request, about the consumer named here (Regs 7063). */
  toAgentFor?: { consumer: string } | null;
  /** What the request's tasks did and how to get its report, when it was carried out in the business's systems. */
  completion?: CompletionDetails | undefined;
  /** The receipt invites a known minor (or a child's parent) to the consent page, when the business may ask. */
  minorOptInInvitation?: '13_15' | 'under_13' | null;
}

export function noticeContentOf(
  kind: NoticeKind,
  delivery: NoticeDelivery,
  {
    request,
    payload,
    publicBaseUrl,
    privacyPolicyUrl,
    toAgentFor = null,
    completion,
    minorOptInInvitation = null,
  }: NoticeSource,
): NoticeContent {
  const language = request.language;
  const t = translator(language);
  const type = toAgentFor === null ? t(`type.${request.type}`) : t(`agent_type.${request.type}`, toAgentFor);
  const state = parseRequestState(request.state);
  const link = (path: string) => new URL(path, publicBaseUrl).toString();
  const respondBy = formatDate(language, fromDateColumn(request.respondBy));

  switch (kind) {
    case 'receipt_confirmation': {
      // Regs 7021(a): receipt, its date and when the business will respond.
      const paragraphs: Paragraph[] = [
        t('mail.receipt.body', { type, date: formatDate(language, fromDateColumn(request.receiptDate)) }),
        t('mail.receipt.respond_by', { date: respondBy }),
      ];
      if (request.status === 'awaiting_verification') {
        // Only a consumer's own submission (the web, or an email to the privacy address) is sent a
        // code; a letter cannot carry one, and a request staff logged (a call, a letter, a visit)
        // is verified by staff: no code is promised.
        const codeIsSent = delivery === 'email' && (request.channel === 'web' || request.channel === 'email');
        paragraphs.push(
          toAgentFor !== null
            ? t('mail.agent_receipt.verification_next', toAgentFor)
            : t(codeIsSent ? 'mail.receipt.verification_next' : 'letter.receipt.verification_next'),
        );
      }
      if (request.status === 'awaiting_agent_authorization') {
        paragraphs.push(
          toAgentFor === null ? t('mail.receipt.agent_next') : t('mail.agent_receipt.agent_next', toAgentFor),
        );
      }
      // Civ. 1798.120(c): no sale or sharing without an opt-in; the receipt says where to give one.
      if (minorOptInInvitation !== null) {
        paragraphs.push(
          linkParagraph(
            language,
            `mail.receipt.minor_opt_in_${minorOptInInvitation}`,
            link('/minor-consent'),
          ),
        );
      }
      return { subject: t('mail.receipt.subject', { reference: request.reference }), paragraphs };
    }
    case 'extension_notice': {
      // Regs 7021(b): the notice gives the reason and the new date.
      // The staff's reason travels in the outbox row (the audit log keeps only its hash);
      // a row without one gets the general reason the rule allows.
      const reason = typeof payload.reason === 'string' && payload.reason !== '' ? payload.reason : null;
      return {
        subject: t('mail.extension.subject', { reference: request.reference }),
        paragraphs: [
          t('mail.extension.body', { type, date: respondBy }),
          reason === null ? t('mail.extension.reason_default') : t('mail.extension.reason', { reason }),
        ],
      };
    }
    case 'request_completed': {
      const paragraphs: Paragraph[] = [t('mail.completed.body', { type })];
      if (state.status === 'completed') {
        // What was applied at once is said in the consumer's language; an officer's summary as written.
        paragraphs.push(
          isAppliedWithoutVerification(state.type)
            ? t(`mail.completed.applied_${appliedAtOnceOutcome(state)}`)
            : t('mail.completed.summary', { summary: state.summary }),
        );
        // Regs 7024(h): the part refused before the 12 months, with the facts that show why.
        const refusal = state.olderDataRefusal;
        if (refusal !== undefined) {
          paragraphs.push(
            t('mail.completed.older_data_refused', {
              from: formatDate(language, refusal.from),
              until: formatDate(language, refusal.until),
              ground: t(`mail.completed.older_data_${refusal.ground}`),
              explanation: refusal.explanation,
            }),
          );
        }
      }
      if (completion !== undefined) paragraphs.push(...completionParagraphs(t, delivery, completion));
      return { subject: t('mail.completed.subject', { reference: request.reference }), paragraphs };
    }
    case 'request_denied': {
      const paragraphs: Paragraph[] = [t('mail.denied.body', { type })];
      if (state.status === 'denied') {
        // Civ. 1798.145: the reasons; Civ. 1798.105(d): the exception; Regs 7022(g): the opt-out offer.
        paragraphs.push(
          t('mail.denied.reason', {
            reason: `${t(`denial.${state.denial.reasonCode}`)} ${state.denial.explanation}`,
          }),
        );
        if (state.denial.exception) {
          paragraphs.push(
            t('mail.denied.exception', { exception: t(`exception.${state.denial.exception}`) }),
          );
        }
        if (request.jurisdiction === 'ca_ccpa') paragraphs.push(t('mail.denied.no_appeal'));
        if (state.denial.optOutOffered) {
          paragraphs.push(
            linkParagraph(language, 'mail.denied.opt_out_offer', link('/do-not-sell-or-share')),
          );
        }
      }
      return { subject: t('mail.denied.subject', { reference: request.reference }), paragraphs };
    }
    case 'request_closed_unverified': {
      // Civ. 1798.83: a Shine the Light requester who is not a customer is told so, not that time ran out.
      const paragraphs: Paragraph[] = [
        t(request.type === 'stl_disclosure' ? 'mail.closed.body_not_customer' : 'mail.closed.body', { type }),
      ];
      if (state.status === 'closed_unverified') {
        // Regs 7022(a), (g): the opt-out offer; Regs 7024(b): the privacy policy.
        if (state.closure.optOutOffered) {
          paragraphs.push(
            linkParagraph(language, 'mail.closed.opt_out_offer', link('/do-not-sell-or-share')),
          );
        }
        if (state.closure.privacyPolicyReferred) {
          paragraphs.push(linkParagraph(language, 'mail.closed.privacy_policy', privacyPolicyUrl));
        }
      }
      return { subject: t('mail.closed.subject', { reference: request.reference }), paragraphs };
    }
    case 'know_scope_narrowed':
      // Regs 7024(a): the requester is told their identity could not be verified to the level
      // specific pieces need, and that the request is answered as one for categories.
      return {
        subject: t('mail.narrowed.subject', { reference: request.reference }),
        paragraphs: [t('mail.narrowed.body'), t('mail.narrowed.next', { date: respondBy })],
      };
    case 'verification_level_raised': {
      // Regs 7062(c), (d): what the requester must now give, carried by the outbox row.
      // Written to an authorized agent, it names the consumer, who is the one to be verified (Regs 7063).
      const basis = t(`mail.raised.basis_${payload.basis === 'cpni' ? 'cpni' : 'sensitive_data'}`);
      const count = String(payload.dataPoints ?? '');
      return {
        subject: t('mail.raised.subject', { reference: request.reference }),
        paragraphs: [
          ...(toAgentFor === null
            ? [t('mail.raised.body', { type, basis }), t('mail.raised.needed', { count })]
            : [
                t('mail.raised.agent_body', { ...toAgentFor, type, basis }),
                t('mail.raised.agent_needed', { ...toAgentFor, count }),
              ]),
          t('mail.raised.next', { date: respondBy }),
        ],
      };
    }
    default:
      return unreachable(kind);
  }
}
