import { describe, expect, it } from 'vitest';
import {
  compareIdentity,
  normalizeAccountNumber,
  normalizeName,
  normalizeStreet,
  type IdentityDataPoints,
} from './identity-matching.js';

const record: IdentityDataPoints = {
  firstName: 'José',
  lastName: "O'Neil",
  email: 'jose.oneil@example.com',
  phone: '+14155550134',
  address: {
    line1: '1 Market Street',
    line2: 'Suite 200',
    city: 'San Francisco',
    state: 'CA',
    postalCode: '94105',
  },
  accountNumber: 'AC-1001',
  lastInteractionDate: '2025-02-14',
};

describe('identity matching', () => {
  it('given every data point written differently but equal after normalisation, when compared, then all match', () => {
    const given: IdentityDataPoints = {
      firstName: 'jose',
      lastName: 'ONEIL',
      email: ' Jose.ONeil@Example.com ',
      phone: '+14155550134',
      address: { line1: '1 market st.', line2: 'ste 200', city: 'SF', state: 'CA', postalCode: '94105-1234' },
      accountNumber: 'ac 1001',
      lastInteractionDate: '2025-02-14',
    };
    expect(compareIdentity(given, record)).toEqual({
      given: ['name', 'email', 'phone', 'postal_address', 'account_number', 'last_interaction_date'],
      matched: ['name', 'email', 'phone', 'postal_address', 'account_number', 'last_interaction_date'],
    });
  });

  it('given some points that differ, when compared, then only the equal ones match', () => {
    const given: IdentityDataPoints = {
      firstName: 'Jose',
      lastName: 'Smith',
      email: 'jose.oneil@example.com',
      phone: '+14155550199',
      accountNumber: 'AC-1002',
    };
    expect(compareIdentity(given, record)).toEqual({
      given: ['name', 'email', 'phone', 'account_number'],
      matched: ['email'],
    });
  });

  it('given a point the record lacks, when compared, then it is given but not matched', () => {
    const sparse: IdentityDataPoints = { firstName: 'José', lastName: "O'Neil", accountNumber: 'AC-1001' };
    expect(compareIdentity({ email: 'a@example.com', lastInteractionDate: '2025-01-01' }, sparse)).toEqual({
      given: ['email', 'last_interaction_date'],
      matched: [],
    });
  });

  it('given only a first name, when compared, then the name is not a data point', () => {
    expect(compareIdentity({ firstName: 'José' }, record).given).toEqual([]);
  });

  it('given an address with another apartment, when compared, then the address does not match', () => {
    const given = { address: { ...record.address!, line2: 'Suite 300' } };
    expect(compareIdentity(given, record).matched).toEqual([]);
  });

  it('normalises names, streets and account numbers', () => {
    expect(normalizeName('  Zoë   Ångström-Berg ')).toBe('zoe angstromberg');
    expect(normalizeStreet('12 North Main Avenue, Apt #4')).toBe('12 n main ave apt 4');
    expect(normalizeAccountNumber('ac-10 01')).toBe('AC1001');
  });
});

// Regs 7060(c), 7062: a genuine requester must not fail on trivial differences the
// business's own staff would overlook.
describe('one matcher for the automatic check and the staff view (Regs 7062)', () => {
  const stored: IdentityDataPoints = {
    firstName: 'Ana',
    lastName: 'Garcia',
    phone: '+14155550134',
    accountNumber: 'PC102978',
    address: { line1: '200 North Elm Avenue', city: 'Fresno', state: 'CA', postalCode: '93650' },
  };
  it.each<[string, IdentityDataPoints, string[]]>([
    ['an accented surname', { firstName: 'ana', lastName: 'García' }, ['name']],
    ['an account number with a dash', { accountNumber: 'pc-102978' }, ['account_number']],
    ['a phone written with punctuation', { phone: '(415) 555-0134' }, ['phone']],
    [
      'an abbreviated street',
      { address: { line1: '200 N. Elm Ave', city: '', state: 'CA', postalCode: '93650-0001' } },
      ['postal_address'],
    ],
    ['another account number', { accountNumber: 'PC-102979' }, []],
  ])('given %s, when compared, then the points match as staff would see them', (_, given, matched) => {
    expect(compareIdentity(given, stored).matched).toEqual(matched);
  });
});
