import { describe, expect, it } from 'vitest';
import { REQUEST_ACTION_INPUT_SCHEMAS } from './request-action-schemas.js';
import { SubjectSchema, SubmitRequestInputSchema } from './request-schemas.js';

const SUBJECT = { firstName: 'Jane', lastName: 'Roe', email: 'jane@example.com', state: 'CA' };

function issuePaths(input: unknown): string[] {
  const result = SubmitRequestInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('SubjectSchema', () => {
  it('trims, upper-cases states, normalises the phone to E.164 and drops blank optional fields', () => {
    expect(
      SubjectSchema.parse({
        firstName: '  Jane ',
        lastName: 'Roe',
        email: ' jane@example.com ',
        phone: '(415) 555-0134',
        address: {
          line1: '1 Market St',
          line2: '  ',
          city: 'San Francisco',
          state: 'ca',
          postalCode: '94105-1234',
        },
        accountNumber: '',
        state: 'ca',
      }),
    ).toEqual({
      firstName: 'Jane',
      lastName: 'Roe',
      email: 'jane@example.com',
      phone: '+14155550134',
      address: { line1: '1 Market St', city: 'San Francisco', state: 'CA', postalCode: '94105-1234' },
      state: 'CA',
    });
  });

  it('keeps a name on one line, so that it cannot add lines to a plain-text email', () => {
    const subject = SubjectSchema.parse({
      ...SUBJECT,
      firstName: 'Jane\r\nBcc: all',
      lastName: 'Roe\u2028Jr',
    });
    expect([subject.firstName, subject.lastName]).toEqual(['Jane Bcc: all', 'Roe Jr']);
  });

  it.each([
    ['a phone number that cannot exist', { phone: '12345' }, 'phone'],
    ['a state that is not a US state', { state: 'ZZ' }, 'state'],
    ['a name longer than 100 characters', { firstName: 'J'.repeat(101) }, 'firstName'],
    ['a blank name', { lastName: '   ' }, 'lastName'],
    [
      'an address without a ZIP code',
      { address: { line1: '1 Main', city: 'X', state: 'CA', postalCode: 'A1' } },
      'address.postalCode',
    ],
    ['an invalid email', { email: 'jane at example.com' }, 'email'],
    ['an unknown age band', { ageBand: 'adult' }, 'ageBand'],
    ['an impossible date of last interaction', { lastInteractionDate: '2025-02-30' }, 'lastInteractionDate'],
  ])('refuses %s', (_name, change, path) => {
    const result = SubjectSchema.safeParse({ ...SUBJECT, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('SubmitRequestInputSchema', () => {
  const base = { type: 'delete', channel: 'phone', subject: SUBJECT };

  it('defaults the submitter from the agent details and reads receivedAt with its offset', () => {
    const byAgent = SubmitRequestInputSchema.parse({
      ...base,
      receivedAt: '2025-03-03T09:15:00-08:00',
      agent: { kind: 'person', name: 'Sam Agent' },
    });
    expect(byAgent.submitter).toBe('authorized_agent');
    expect(byAgent.receivedAt).toEqual(new Date('2025-03-03T17:15:00Z'));
    expect(SubmitRequestInputSchema.parse(base).submitter).toBe('self');
    expect(SubmitRequestInputSchema.parse({ ...base, submitter: 'parent_guardian' }).submitter).toBe(
      'parent_guardian',
    );
  });

  it.each([
    ['a know request without its scope', { type: 'know' }, 'know'],
    [
      'a know scope asking for nothing',
      { type: 'know', know: { categories: false, specificPieces: false } },
      'know',
    ],
    ['a scope on another type', { know: { categories: true, specificPieces: false } }, 'know'],
    ['a correct request without the correction', { type: 'correct' }, 'correction'],
    ['a designated address outside Shine the Light', { designatedAddress: true }, 'designatedAddress'],
    ['sensitive data on an opt-out', { type: 'opt_out', sensitiveData: true }, 'sensitiveData'],
    [
      'agent details from the consumer',
      { submitter: 'self', agent: { kind: 'person', name: 'Sam' } },
      'agent',
    ],
    ['an agent without details', { submitter: 'authorized_agent' }, 'agent'],
    ['a receipt time without a zone', { receivedAt: '2025-03-03T09:15:00' }, 'receivedAt'],
    ['an unknown channel', { channel: 'fax' }, 'channel'],
  ])('refuses %s', (_name, change, path) => {
    expect(issuePaths({ ...base, ...change })).toContain(path);
  });

  it('accepts a Shine the Light request with or without a recorded designated address', () => {
    expect(issuePaths({ ...base, type: 'stl_disclosure', designatedAddress: false })).toEqual([]);
    expect(issuePaths({ ...base, type: 'stl_disclosure' })).toEqual([]);
  });
});

describe('request action bodies', () => {
  it('keep a signed declaration only with the name it was signed with (Regs 7062(c))', () => {
    const verify = REQUEST_ACTION_INPUT_SCHEMAS.verify;
    const evidence = {
      method: 'records_match',
      dataPoints: ['name', 'email', 'phone'],
      declarationSigned: true,
    };
    expect(verify.safeParse(evidence).success).toBe(false);
    expect(verify.parse({ ...evidence, declarationSignedName: ' Jane Roe ' })).toMatchObject({
      declarationSignedName: 'Jane Roe',
      emailControlProven: false,
    });
    expect(verify.safeParse({ ...evidence, dataPoints: ['shoe_size'] }).success).toBe(false);
  });

  it('refuse blank reasons, explanations and summaries', () => {
    expect(REQUEST_ACTION_INPUT_SCHEMAS.extend.safeParse({ reason: '  ' }).success).toBe(false);
    expect(REQUEST_ACTION_INPUT_SCHEMAS.complete.safeParse({ summary: '' }).success).toBe(false);
    const deny = { reasonCode: 'fraud', explanation: ' ' };
    expect(REQUEST_ACTION_INPUT_SCHEMAS.deny.safeParse(deny).success).toBe(false);
    expect(REQUEST_ACTION_INPUT_SCHEMAS.deny.safeParse({ ...deny, reasonCode: 'whim' }).success).toBe(false);
  });
});
