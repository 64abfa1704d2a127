import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  checkOptIn,
  isKnownMinor,
  mayAskForOptIn,
  optInMayBeAskedFrom,
  saleAllowedFor,
  type OptInEvidence,
} from './minor-consent.js';

describe('minors and the opt-in to sale or sharing', () => {
  it.each([
    ['16_plus', false],
    [null, false],
    ['13_15', true],
    ['under_13', true],
  ] as const)('Civ. 1798.120(c): age band %s is a known minor: %s', (ageBand, minor) => {
    expect(isKnownMinor(ageBand)).toBe(minor);
  });

  it.each<[string, OptInEvidence, boolean]>([
    [
      'Regs 7071(a): a 15-year-old who confirmed separately',
      { ageBand: '13_15', by: 'consumer', confirmedSeparately: true, parentVerificationMethod: null },
      true,
    ],
    [
      'Regs 7071(a): a 15-year-old in one step',
      { ageBand: '13_15', by: 'consumer', confirmedSeparately: false, parentVerificationMethod: null },
      false,
    ],
    [
      'Civ. 1798.120(c): a parent for a 15-year-old',
      {
        ageBand: '13_15',
        by: 'parent_guardian',
        confirmedSeparately: true,
        parentVerificationMethod: 'government_id',
      },
      false,
    ],
    [
      'Regs 7070(a)(2): a verified parent for a child under 13',
      {
        ageBand: 'under_13',
        by: 'parent_guardian',
        confirmedSeparately: false,
        parentVerificationMethod: 'signed_consent_form',
      },
      true,
    ],
    [
      'Regs 7070(a)(2): a parent not verified',
      {
        ageBand: 'under_13',
        by: 'parent_guardian',
        confirmedSeparately: true,
        parentVerificationMethod: null,
      },
      false,
    ],
    [
      'Regs 7070(a): the child under 13 alone',
      { ageBand: 'under_13', by: 'consumer', confirmedSeparately: true, parentVerificationMethod: null },
      false,
    ],
  ])('given %s, when the opt-in is recorded, then it authorises sale: %s', (_, evidence, allowed) => {
    if (allowed) expect(() => checkOptIn(evidence)).not.toThrow();
    else expect(() => checkOptIn(evidence)).toThrow(DomainError);
  });

  it('Civ. 1798.120(c): a known minor is not sold or shared until opted in', () => {
    expect(saleAllowedFor({ optedInAt: null })).toBe(false);
    expect(saleAllowedFor({ optedInAt: new Date('2026-01-02T00:00:00Z') })).toBe(true);
    expect(saleAllowedFor(null)).toBe(true);
  });

  it.each([
    ['2026-03-01T12:00:00Z', '2027-03-01'],
    ['2024-02-29T18:00:00Z', '2025-02-28'],
    ['2026-01-01T03:00:00Z', '2026-12-31'],
  ])('Civ. 1798.135(c)(5): declined at %s, may be asked again from %s (Eastern time)', (declined, from) => {
    expect(optInMayBeAskedFrom(new Date(declined), 'America/New_York')).toBe(from);
  });
});

describe('asking a known minor to opt in (Civ. 1798.135(c)(5))', () => {
  const LA = 'America/Los_Angeles';
  const now = new Date('2026-06-15T18:00:00Z');
  const never = { optedInAt: null, declinedAt: null };

  it('asks a known minor who has not decided', () => {
    expect(mayAskForOptIn([never], now, LA)).toBe(true);
  });

  it('does not ask one with no consent row, or one whose opt-in is in force', () => {
    expect(mayAskForOptIn([], now, LA)).toBe(false);
    expect(mayAskForOptIn([{ optedInAt: new Date('2026-01-01T00:00:00Z'), declinedAt: null }], now, LA)).toBe(
      false,
    );
  });

  it('waits 12 months after a refusal or withdrawal on any identity, and asks again from that day', () => {
    const declined = { optedInAt: null, declinedAt: new Date('2025-06-16T18:00:00Z') };
    expect(mayAskForOptIn([never, declined], now, LA)).toBe(false);
    expect(mayAskForOptIn([never, declined], new Date('2026-06-16T18:00:00Z'), LA)).toBe(true);
  });
});
