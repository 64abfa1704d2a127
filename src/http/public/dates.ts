import type { Locale } from '../../i18n/index.js';

/** A YYYY-MM-DD business date in words: "April 14, 2025" / "14 de abril de 2025". */
export function formatDate(date: string, locale: Locale): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(parsed);
}
