// The message catalogues: one per language, the same keys in each.

import { en, type MessageKey } from './en.js';
import { es } from './es.js';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, es };

/** The message in `language`, with `{placeholder}`s filled in (as plain text). */
export function translate(
  language: Language,
  key: MessageKey,
  values: Readonly<Record<string, string>> = {},
): string {
  return CATALOGUES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

const LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-US' };

/** A YYYY-MM-DD business date, written out for the reader ("April 16, 2025"). */
export function formatDate(language: Language, isoDate: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** An instant written out in the business time zone. */
export function formatInstant(language: Language, instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(instant);
}
