// The consumer's language, for pages and mail alike: which languages there are,
// their messages, dates written out in them, and which one a visitor's browser
// asks for. The staff console is English-only and does not use it.

import { Language } from '../db/generated/enums.js';
import type { Combined, PathsOf, Translation } from './catalogue.js';
import { en as mailEnglish } from './mail/en.js';
import { es as mailSpanish } from './mail/es.js';
import { en as pagesEnglish } from './pages/en.js';
import { es as pagesSpanish } from './pages/es.js';

/** The database's own enum: every request is stored in a language that has catalogues. */
export type { Language };
export const LANGUAGES: readonly Language[] = Object.values(Language);
const DEFAULT_LANGUAGE: Language = 'en';

/** The cookie that remembers the visitor's choice of language. */
export const LANGUAGE_COOKIE = 'rd_lang';

type Catalogue = Translation<Combined<typeof pagesEnglish, typeof mailEnglish>>;
export type MessageKey = PathsOf<Catalogue>;

const CATALOGUES: Readonly<Record<Language, Catalogue>> = {
  en: { ...pagesEnglish, ...mailEnglish },
  es: { ...pagesSpanish, ...mailSpanish },
};

type MessageParams = Readonly<Record<string, string | number>>;
/** One message in one language, its `{name}` placeholders filled in from params (as plain text). */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function lookup(catalogue: Catalogue, key: MessageKey): string {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== 'string') throw new Error(`No message for key ${key}`);
  return node;
}

/** The translate function for one language. */
export function translator(language: Language): Translate {
  const catalogue = CATALOGUES[language];
  return (key, params = {}) =>
    lookup(catalogue, key).replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : placeholder,
    );
}

const INTL_LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-US' };

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (the
 * mail worker writes dates into every message), so each locale, style and time
 * zone gets one, kept for the life of the process.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: Language, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${language} ${timeZone} ${withTime}`;
  let format = dateFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(INTL_LOCALES[language], {
      dateStyle: 'long',
      ...(withTime && { timeStyle: 'short' }),
      timeZone,
    });
    dateFormats.set(key, format);
  }
  return format;
}

/** A YYYY-MM-DD business date written out: "April 14, 2025" / "14 de abril de 2025". */
export function formatDate(language: Language, isoDate: string): string {
  return dateFormat(language, 'UTC', false).format(new Date(`${isoDate}T00:00:00Z`));
}

/** An instant written out in the business time zone. */
export function formatInstant(language: Language, instant: Date, timeZone: string): string {
  return dateFormat(language, timeZone, true).format(instant);
}

/**
 * The visitor's language: the remembered choice, else the first supported language
 * in Accept-Language by quality, else English.
 */
export function negotiateLanguage(
  remembered: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  if (isLanguage(remembered)) return remembered;
  const ranked = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...parameters] = entry.trim().split(';');
      const quality = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.toLowerCase().split('-')[0] ?? '', quality: Number(quality ?? 1), index };
    })
    .filter((entry) => entry.quality > 0 && Number.isFinite(entry.quality))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLanguage) ?? DEFAULT_LANGUAGE;
}
