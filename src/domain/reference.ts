// Public request references such as RD-7KQ2-M9XW: unguessable,
// unlike a sequential id, and easy to read aloud on the phone.

/**
 * Crockford's base32: digits and letters without I, L, O and U, so that no two
 * symbols sound or look alike (and no accidental words are spelt).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYMBOLS = 8;
const BITS_PER_SYMBOL = 5;
/** 8 symbols of 5 bits: 40 random bits, about 10^12 references. */
export const REFERENCE_RANDOM_BYTES = (SYMBOLS * BITS_PER_SYMBOL) / 8;
const PREFIX = 'RD';

/** A reference from REFERENCE_RANDOM_BYTES random bytes; pure, so the caller supplies the randomness. */
export function generateReference(randomBytes: Uint8Array): string {
  if (randomBytes.length !== REFERENCE_RANDOM_BYTES) {
    throw new RangeError(`Expected ${REFERENCE_RANDOM_BYTES} random bytes, got ${randomBytes.length}`);
  }
  const bits = randomBytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  let symbols = '';
  for (let index = SYMBOLS - 1; index >= 0; index -= 1) {
    symbols += ALPHABET[Number((bits >> BigInt(index * BITS_PER_SYMBOL)) & 31n)];
  }
  return formatReference(symbols);
}

/**
 * The canonical form of a reference as a person typed or said it, or null when it
 * cannot be one: case-insensitive, spaces and dashes optional, the "RD" prefix
 * optional, and O read as 0, I and L as 1 (Crockford's decoding rules).
 */
export function normalizeReference(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^RD(?=.{8}$)/, '');
  const symbols = compact.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (symbols.length !== SYMBOLS) return null;
  return [...symbols].every((symbol) => ALPHABET.includes(symbol)) ? formatReference(symbols) : null;
}

function formatReference(symbols: string): string {
  return `${PREFIX}-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}
