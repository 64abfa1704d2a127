import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateReference, normalizeReference, REFERENCE_RANDOM_BYTES } from './reference.js';

const REFERENCE_SHAPE = /^RD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('generateReference', () => {
  it('spells 40 bits in Crockford base32, most significant symbol first', () => {
    expect(generateReference(new Uint8Array([0, 0, 0, 0, 0]))).toBe('RD-0000-0000');
    expect(generateReference(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('RD-ZZZZ-ZZZZ');
    expect(generateReference(new Uint8Array([0, 0, 0, 0, 31]))).toBe('RD-0000-000Z');
    expect(generateReference(new Uint8Array([0x08, 0, 0, 0, 0]))).toBe('RD-1000-0000');
  });

  it('never uses I, L, O or U', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), (bytes) => {
        expect(generateReference(bytes)).toMatch(REFERENCE_SHAPE);
      }),
    );
  });

  it('maps distinct random bytes to distinct references', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 5, maxLength: 5 }),
        fc.uint8Array({ minLength: 5, maxLength: 5 }),
        (first, second) => {
          const same = first.every((byte, index) => byte === second[index]);
          expect(generateReference(first) === generateReference(second)).toBe(same);
        },
      ),
    );
  });

  it('refuses the wrong number of random bytes', () => {
    expect(() => generateReference(new Uint8Array(4))).toThrow(RangeError);
    expect(() => generateReference(randomBytes(REFERENCE_RANDOM_BYTES + 1))).toThrow(RangeError);
  });
});

describe('normalizeReference', () => {
  it.each([
    ['RD-7KQ2-M9XW', 'RD-7KQ2-M9XW'],
    ['rd-7kq2-m9xw', 'RD-7KQ2-M9XW'],
    ['RD 7KQ2 M9XW', 'RD-7KQ2-M9XW'],
    ['rd7kq2m9xw', 'RD-7KQ2-M9XW'],
    ['7KQ2-M9XW', 'RD-7KQ2-M9XW'],
    ['  7kq2 m9xw ', 'RD-7KQ2-M9XW'],
    ['RD-OKQ2-M9XW', 'RD-0KQ2-M9XW'],
    ['RD-IKQ2-L9XW', 'RD-1KQ2-19XW'],
    ['rd-ilo0-0000', 'RD-1100-0000'],
    // Eight symbols that happen to start with R and D are the code itself, not a prefix.
    ['RDAB-1234', 'RD-RDAB-1234'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizeReference(input)).toBe(expected);
  });

  it.each(['', 'RD-7KQ2-M9X', 'RD-7KQ2-M9XWZ', 'RD-7KQ2-M9XU', 'RD-7KQ2_M9XW', 'XY-7KQ2-M9XW'])(
    'refuses %j',
    (input) => {
      expect(normalizeReference(input)).toBeNull();
    },
  );

  it('gives back every generated reference unchanged, in any case and spacing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), (bytes) => {
        const reference = generateReference(bytes);
        expect(normalizeReference(reference)).toBe(reference);
        expect(normalizeReference(reference.toLowerCase().replace(/-/g, ' '))).toBe(reference);
      }),
    );
  });
});
