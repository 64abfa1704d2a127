// Message catalogues and the choice of language for consumer pages (issue 4, part 1).

import type { Catalogue, MessageKey } from './catalogue.js';
import { en } from './en.js';
import { es } from './es.js';

export type { MessageKey } from './catalogue.js';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The cookie that remembers the visitor's choice of language. */
export const LOCALE_COOKIE = 'rd_lang';

const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, es };

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function lookup(catalogue: Catalogue, key: MessageKey): string {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== 'string') throw new Error(`No message for key ${key}`);
  return node;
}

/** A translator for one locale; `{name}` placeholders take their value from params. */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => {
    const message = lookup(catalogue, key);
    if (params === undefined) return message;
    return message.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in params ? String(params[name]) : placeholder,
    );
  };
}

/**
 * The visitor's language: the remembered choice, else the first supported language
 * in Accept-Language by quality, else English.
 */
export function negotiateLocale(remembered: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(remembered)) return remembered;
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
  return ranked.map((entry) => entry.language).find(isLocale) ?? DEFAULT_LOCALE;
}
