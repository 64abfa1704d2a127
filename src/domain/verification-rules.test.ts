import { describe, expect, it } from 'vitest';
import type { DataPoint, KnowScope, RequestType } from './request-types.js';
import {
  assessVerification,
  DEFAULT_VERIFICATION_POLICY,
  requiresDeclaration,
  requiresVerification,
  type VerificationEvidence,
  type VerificationSubject,
} from './verification-rules.js';

const categories: KnowScope = { categories: true, specificPieces: false, beyond12Months: false };
const specificPieces: KnowScope = { categories: true, specificPieces: true, beyond12Months: false };

function subject(type: RequestType, overrides: Partial<VerificationSubject> = {}): VerificationSubject {
  return {
    type,
    knowScope: type === 'know' ? categories : null,
    sensitiveData: false,
    correctedDataPoint: null,
    ...overrides,
  };
}

function evidence(
  matchedDataPoints: DataPoint[],
  overrides: Partial<VerificationEvidence> = {},
): VerificationEvidence {
  return { matchedDataPoints, emailControlProven: false, declarationSigned: false, ...overrides };
}

const assess = (given: VerificationSubject, provided: VerificationEvidence) =>
  assessVerification(given, provided, DEFAULT_VERIFICATION_POLICY);

describe('assessVerification', () => {
  it('know categories: two matching data points reach a reasonable degree (Regs 7062(b))', () => {
    expect(assess(subject('know'), evidence(['name', 'email']))).toEqual({
      met: true,
      level: 'reasonable',
      matched: ['name', 'email'],
      missing: [],
    });
    expect(assess(subject('know'), evidence(['name']))).toMatchObject({
      met: false,
      missing: ['matching_data_points'],
    });
  });

  it('know specific pieces: three data points and a signed declaration (Regs 7062(c))', () => {
    const given = subject('know', { knowScope: specificPieces });
    expect(assess(given, evidence(['name', 'email', 'phone']))).toMatchObject({
      met: false,
      level: 'reasonably_high',
      missing: ['signed_declaration'],
    });
    expect(assess(given, evidence(['name', 'email', 'phone'], { declarationSigned: true })).met).toBe(true);
    expect(assess(given, evidence(['name', 'email'], { declarationSigned: true })).missing).toEqual([
      'matching_data_points',
    ]);
  });

  it('delete and correct: two data points, three plus declaration when sensitive (Regs 7062(d))', () => {
    for (const type of ['delete', 'correct'] as const) {
      expect(assess(subject(type), evidence(['name', 'phone']))).toMatchObject({
        met: true,
        level: 'reasonable',
      });
      const sensitive = subject(type, { sensitiveData: true });
      expect(assess(sensitive, evidence(['name', 'phone']))).toMatchObject({
        met: false,
        level: 'reasonably_high',
        missing: ['matching_data_points', 'signed_declaration'],
      });
      const enough = evidence(['name', 'phone', 'account_number'], { declarationSigned: true });
      expect(assess(sensitive, enough).met).toBe(true);
    }
  });

  it('correct: the data point being corrected does not count (Regs 7060)', () => {
    const correctingPhone = subject('correct', { correctedDataPoint: 'phone' });
    expect(assess(correctingPhone, evidence(['name', 'phone']))).toEqual({
      met: false,
      level: 'reasonable',
      matched: ['name'],
      missing: ['matching_data_points'],
    });
  });

  it.each([
    ['opt_out', 'Regs 7060(b)'],
    ['limit', 'Regs 7060(b)'],
    ['stl_suppression', 'Civ. 1798.83(c)(2)'],
  ] as const)('%s: no verification at all (%s)', (type, _rule) => {
    expect(requiresVerification(type)).toBe(false);
    expect(assess(subject(type), evidence([]))).toEqual({
      met: true,
      level: 'none',
      matched: [],
      missing: [],
    });
  });

  it('nv_opt_out: email control plus one matching data point by default (NRS 603A.337)', () => {
    expect(assess(subject('nv_opt_out'), evidence(['email']))).toMatchObject({
      met: false,
      level: 'commercially_reasonable',
      missing: ['email_control'],
    });
    expect(assess(subject('nv_opt_out'), evidence(['email'], { emailControlProven: true })).met).toBe(true);
    const relaxed = {
      ...DEFAULT_VERIFICATION_POLICY,
      nevadaOptOut: { emailControlRequired: false, dataPoints: 2 },
    };
    expect(assessVerification(subject('nv_opt_out'), evidence(['email', 'name']), relaxed).met).toBe(true);
  });

  it('stl_disclosure: a data point that singles out a customer record (Civ. 1798.83)', () => {
    expect(assess(subject('stl_disclosure'), evidence(['name', 'last_interaction_date']))).toEqual({
      met: false,
      level: 'customer_match',
      matched: [],
      missing: ['matching_data_points'],
    });
    expect(assess(subject('stl_disclosure'), evidence(['account_number'])).met).toBe(true);
  });

  it('counts a data point matched twice only once', () => {
    expect(assess(subject('know'), evidence(['email', 'email']))).toMatchObject({
      met: false,
      matched: ['email'],
    });
  });
});

describe('requiresDeclaration', () => {
  it('asks for it for specific pieces and for sensitive delete or correct only (Regs 7062(c), (d))', () => {
    expect(requiresDeclaration(subject('know', { knowScope: specificPieces }))).toBe(true);
    expect(requiresDeclaration(subject('know'))).toBe(false);
    expect(requiresDeclaration(subject('delete', { sensitiveData: true }))).toBe(true);
    expect(requiresDeclaration(subject('correct', { sensitiveData: true }))).toBe(true);
    expect(requiresDeclaration(subject('delete'))).toBe(false);
    for (const type of ['opt_out', 'limit', 'nv_opt_out', 'stl_disclosure', 'stl_suppression'] as const) {
      expect(requiresDeclaration(subject(type)), type).toBe(false);
    }
  });
});
