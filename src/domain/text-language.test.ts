import { describe, expect, it } from 'vitest';
import { guessTextLanguage } from './text-language.js';

describe('the language a text reads as', () => {
  it.each([
    ['Please send us a copy of your ID and the account number you have with us.', 'en'],
    ['Por favor envíenos una copia de su identificación y el número de su cuenta.', 'es'],
    ['OK', null],
    ['Account 12345', null],
  ])('"%s" reads as %s', (text, language) => {
    expect(guessTextLanguage(text)).toBe(language);
  });
});
