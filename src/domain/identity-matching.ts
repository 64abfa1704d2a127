// Which of a requester's data points match a customer record, after
// normalisation (docs/legal-rules.md#matching). The one matcher for the
// consumer's automatic check and the officer's side-by-side view, so that both
// judge a requester alike. Pure: finding the candidate records is the
// services' job.

import { DATA_POINTS, type DataPoint } from './request-types.js';

interface IdentityAddress {
  readonly line1: string;
  readonly line2?: string | null | undefined;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
}

/** What a requester gave, or what a customer record holds; phones are E.164. */
export interface IdentityDataPoints {
  readonly firstName?: string | null | undefined;
  readonly lastName?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly address?: IdentityAddress | null | undefined;
  readonly accountNumber?: string | null | undefined;
  /** YYYY-MM-DD. */
  readonly lastInteractionDate?: string | null | undefined;
}

export interface IdentityComparison {
  /** Data points the requester gave, in DATA_POINTS order. */
  readonly given: DataPoint[];
  /** Of those, the ones equal to the record after normalisation. */
  readonly matched: DataPoint[];
}

/** Case, accents, punctuation and spacing do not matter in names ("José  O'Neil" = "jose oneil"). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Account numbers are read aloud: spaces and dashes are not part of them. */
export function normalizeAccountNumber(accountNumber: string): string {
  return accountNumber.toUpperCase().replace(/[\s-]/g, '');
}

/** Phones compare by their digits; a 10-digit US number is given its country code ("(415) 555-0134" = "+14155550134"). */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 10 ? `1${digits}` : digits;
}

const STREET_ABBREVIATIONS: Readonly<Record<string, string>> = {
  street: 'st',
  avenue: 'ave',
  road: 'rd',
  boulevard: 'blvd',
  drive: 'dr',
  lane: 'ln',
  court: 'ct',
  place: 'pl',
  suite: 'ste',
  apartment: 'apt',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

/** USPS-style: lower case, no punctuation, common suffixes abbreviated ("1 Market Street" = "1 market st."). */
export function normalizeStreet(line: string): string {
  return normalizeName(line.replace(/#/g, ' '))
    .split(' ')
    .map((word) => STREET_ABBREVIATIONS[word] ?? word)
    .join(' ');
}

function sameAddress(given: IdentityAddress, record: IdentityAddress): boolean {
  return (
    normalizeStreet(given.line1) === normalizeStreet(record.line1) &&
    normalizeStreet(given.line2 ?? '') === normalizeStreet(record.line2 ?? '') &&
    given.postalCode.trim().slice(0, 5) === record.postalCode.trim().slice(0, 5)
  );
}

const present = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined && value.trim() !== '';

/** Compares each data point the requester gave with the record; a point the record lacks does not match. */
export function compareIdentity(given: IdentityDataPoints, record: IdentityDataPoints): IdentityComparison {
  const checks: Record<DataPoint, { given: boolean; matches: () => boolean }> = {
    name: {
      given: present(given.firstName) && present(given.lastName),
      matches: () =>
        present(record.firstName) &&
        present(record.lastName) &&
        normalizeName(given.firstName ?? '') === normalizeName(record.firstName) &&
        normalizeName(given.lastName ?? '') === normalizeName(record.lastName),
    },
    email: {
      given: present(given.email),
      matches: () =>
        present(record.email) && normalizeEmail(given.email ?? '') === normalizeEmail(record.email),
    },
    phone: {
      given: present(given.phone),
      matches: () =>
        present(record.phone) && normalizePhone(given.phone ?? '') === normalizePhone(record.phone),
    },
    postal_address: {
      given: given.address !== null && given.address !== undefined,
      matches: () =>
        record.address !== null &&
        record.address !== undefined &&
        sameAddress(given.address!, record.address),
    },
    account_number: {
      given: present(given.accountNumber),
      matches: () =>
        present(record.accountNumber) &&
        normalizeAccountNumber(given.accountNumber ?? '') === normalizeAccountNumber(record.accountNumber),
    },
    last_interaction_date: {
      given: present(given.lastInteractionDate),
      matches: () =>
        present(record.lastInteractionDate) && given.lastInteractionDate === record.lastInteractionDate,
    },
  };
  const givenPoints = DATA_POINTS.filter((point) => checks[point].given);
  return { given: givenPoints, matched: givenPoints.filter((point) => checks[point].matches()) };
}
