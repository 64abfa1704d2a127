// Which of the two languages RightsDesk writes in a text reads as, so that an
// officer is warned before writing to a requester in the other one (every
// notice goes in the language the consumer used, docs/legal-rules.md#notices-and-responses).

/** The languages requesters are written to in. */
type RequestLanguage = 'en' | 'es';

const COMMON_WORDS: Readonly<Record<RequestLanguage, ReadonlySet<string>>> = {
  en: new Set([
    'the',
    'and',
    'you',
    'your',
    'to',
    'of',
    'is',
    'please',
    'we',
    'for',
    'with',
    'what',
    'our',
    'have',
    'need',
  ]),
  es: new Set([
    'el',
    'la',
    'los',
    'las',
    'de',
    'que',
    'y',
    'su',
    'para',
    'por',
    'con',
    'usted',
    'favor',
    'necesitamos',
    'sus',
    'una',
    'del',
  ]),
};

/** How many more common words one language needs before the text counts as written in it. */
const MARGIN = 2;

/** The language the text reads as, or null when it is too short or mixed to tell. */
export function guessTextLanguage(text: string): RequestLanguage | null {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const count = (language: RequestLanguage) =>
    words.filter((word) => COMMON_WORDS[language].has(word)).length;
  const english = count('en');
  const spanish = count('es');
  if (english >= spanish + MARGIN) return 'en';
  if (spanish >= english + MARGIN) return 'es';
  return null;
}
