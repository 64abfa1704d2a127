import { describe, expect, it } from 'vitest';
import { PERSONAL_INFORMATION_CATEGORIES } from '../../domain/fulfilment/data-map.js';
import { translator } from '../../i18n/index.js';
import { asWords, categoryLabel } from './labels.js';

describe('category labels', () => {
  it.each(['en', 'es'] as const)('name every category a data map may use in %s', (language) => {
    const t = translator(language);
    for (const key of Object.keys(PERSONAL_INFORMATION_CATEGORIES)) {
      expect(categoryLabel(t, key), key).not.toBe(asWords(key));
    }
  });
});
