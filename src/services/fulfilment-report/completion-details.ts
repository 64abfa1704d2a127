// What a completion notice adds for a request carried out in the business's
// systems: each system's result for a deletion or correction (Regs 7022(f),
// 7023(f)), and for a request to know, how to get the report. Only results that
// tasks recorded are stated (docs/legal-rules.md#deletion-and-correction-results).

import type { SystemResultLine } from '../../domain/fulfilment/deletion-results.js';
import { unreachable } from '../../domain/errors.js';
import type { Translate } from '../../i18n/index.js';
import { categoryLabel } from './labels.js';
import type { Paragraph } from '../../mail/templates.js';
import type { NoticeDelivery } from '../notices/outbox-topics.js';

export interface CompletionDetails {
  readonly results: readonly SystemResultLine[];
  /**
   * The request's access package: its link when this notice's reader may have it
   * (null when the package is for someone else: the consumer, by post), its expiry and limit.
   */
  readonly accessPackage: {
    readonly link: string | null;
    /** The expiry written out in the consumer's language and the business time zone. */
    readonly expires: string;
    readonly downloadLimit: number;
  } | null;
}

export function completionParagraphs(
  t: Translate,
  delivery: NoticeDelivery,
  { results, accessPackage }: CompletionDetails,
): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  if (results.length > 0) {
    paragraphs.push(
      [t('mail.completed.results_heading'), ...results.map((line) => resultSentence(t, line))].join('\n'),
    );
  }
  if (accessPackage !== null) {
    if (delivery === 'letter') {
      paragraphs.push(t('letter.completed.report_enclosed'));
    } else if (accessPackage.link === null) {
      paragraphs.push(t('mail.completed.report_by_post'));
    } else {
      const link = accessPackage.link;
      paragraphs.push({ text: t('mail.completed.report_link', { link }), link });
      paragraphs.push(
        t('mail.completed.report_terms', {
          date: accessPackage.expires,
          limit: accessPackage.downloadLimit,
        }),
      );
    }
  }
  return paragraphs;
}

function resultSentence(t: Translate, { systemName: system, outcome }: SystemResultLine): string {
  switch (outcome.kind) {
    case 'deleted':
      return t('mail.completed.result_deleted', { system });
    case 'corrected':
      return t('mail.completed.result_corrected', { system });
    case 'no_data':
      return t('mail.completed.result_no_data', { system });
    case 'not_done':
      return t('mail.completed.result_not_done', { system });
    case 'retained': {
      const categories = outcome.categoriesKept
        .map((category) => categoryLabel(t, category).toLowerCase())
        .join('; ');
      const exception =
        outcome.exception === null ? t('denial.legal_exception') : t(`exception.${outcome.exception}`);
      const sentence = t('mail.completed.result_retained', { system, categories, exception });
      return outcome.explanation === null ? sentence : `${sentence} ${outcome.explanation}`;
    }
    default:
      return unreachable(outcome);
  }
}
