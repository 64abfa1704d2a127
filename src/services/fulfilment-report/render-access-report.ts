// The access report written out for a person: one self-contained, accessible
// HTML page in the consumer's language (no scripts, no outside resources, so it
// opens offline from the ZIP and prints as a letter). Values are escaped by Eta.

import { Eta } from 'eta';
import type { AccessReport } from '../../domain/fulfilment/access-report.js';
import { formatInstant, translator, type Language } from '../../i18n/index.js';
import { asWords, categoryLabel, recipientLabel } from './labels.js';
import { ACCESS_REPORT_TEMPLATE } from './access-report-template.js';

const eta = new Eta({ autoEscape: true, cache: false, useWith: false });

export function renderAccessReportHtml(
  report: AccessReport,
  { language, timeZone }: { language: Language; timeZone: string },
): string {
  const t = translator(language);
  return eta.renderString(ACCESS_REPORT_TEMPLATE, {
    lang: language,
    t,
    report,
    date: formatInstant(language, new Date(report.generatedAt), timeZone),
    category: (key: string) => categoryLabel(t, key),
    recipient: (key: string) => recipientLabel(t, key),
    words: asWords,
  });
}
