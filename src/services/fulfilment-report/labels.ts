// Labels of data map keys in the consumer's language: the catalogue's, or the
// key read as words for a key the catalogue does not know (a business's own
// source or purpose, say).

import type { MessageKey, Translate } from '../../i18n/index.js';

export function asWords(key: string): string {
  return key.replaceAll('_', ' ');
}

function labelOr(t: Translate, prefix: 'informationCategory' | 'recipientKind', key: string): string {
  try {
    return t(`${prefix}.${key}` as MessageKey);
  } catch {
    return asWords(key);
  }
}

export const categoryLabel = (t: Translate, key: string): string => labelOr(t, 'informationCategory', key);
export const recipientLabel = (t: Translate, key: string): string => labelOr(t, 'recipientKind', key);
