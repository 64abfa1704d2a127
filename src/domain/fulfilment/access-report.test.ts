import { describe, expect, it } from 'vitest';
import { buildAccessReport } from './access-report.js';
import type { ReportedSystem, SystemTaskResult, TaskResult } from './fulfilment-results.js';

const NOW = new Date('2026-12-01T15:00:00Z');

const crm: ReportedSystem = {
  key: 'crm',
  name: 'Customer CRM',
  categories: ['identifiers', 'customer_records'],
  sources: ['consumer'],
  purposes: ['provide_services'],
  recipients: ['service_providers'],
  soldOrShared: false,
  retention: 'Life of the account plus 24 months',
  fields: {
    email: 'identifiers',
    postal_address: 'customer_records',
    ssn_last4: { category: 'identifiers', withhold: true },
    portal_password_hash: 'account_credentials',
  },
};
const adtech: ReportedSystem = {
  key: 'adtech',
  name: 'Advertising partner',
  categories: ['internet_activity', 'inferences'],
  sources: ['consumer_devices'],
  purposes: ['advertising'],
  recipients: ['ad_networks'],
  soldOrShared: true,
  retention: '13 months',
  fields: {},
};
const recordings: ReportedSystem = {
  ...adtech,
  key: 'call_recordings',
  name: 'Call recordings',
  soldOrShared: false,
  recipients: [],
};

const done = (systemKey: string, records: NonNullable<TaskResult['records']>): SystemTaskResult => ({
  systemKey,
  kind: 'access',
  status: 'done',
  result: { outcome: 'done', records },
});

describe('buildAccessReport', () => {
  it('given results from two systems, groups the values by category and then by system', () => {
    const report = buildAccessReport({
      reference: 'RD-1',
      now: NOW,
      specificPieces: true,
      systems: [crm, adtech],
      results: [
        done('crm', [
          { fields: { email: 'ana@example.com', postal_address: '1 Main St', ssn_last4: '1234' } },
        ]),
        done('adtech', [{ category: 'inferences', fields: { segment: 'sports fan' } }]),
      ],
    });
    expect(report.pieces).toEqual([
      {
        category: 'customer_records',
        systems: [
          {
            systemKey: 'crm',
            systemName: 'Customer CRM',
            records: [[{ field: 'postal_address', withheld: false, value: '1 Main St' }]],
          },
        ],
      },
      {
        category: 'identifiers',
        systems: [
          {
            systemKey: 'crm',
            systemName: 'Customer CRM',
            records: [
              [
                { field: 'email', withheld: false, value: 'ana@example.com' },
                { field: 'ssn_last4', withheld: true },
              ],
            ],
          },
        ],
      },
      {
        category: 'inferences',
        systems: [
          {
            systemKey: 'adtech',
            systemName: 'Advertising partner',
            records: [[{ field: 'segment', withheld: false, value: 'sports fan' }]],
          },
        ],
      },
    ]);
    expect(report.anyWithheld).toBe(true);
    expect(JSON.stringify(report)).not.toContain('1234');
  });

  it('withholds account credentials even where the data map forgot to mark them (Regs 7024(d))', () => {
    const report = buildAccessReport({
      reference: 'RD-1',
      now: NOW,
      specificPieces: true,
      systems: [crm],
      results: [done('crm', [{ fields: { portal_password_hash: 'argon2$secret' } }])],
    });
    expect(JSON.stringify(report)).not.toContain('argon2$secret');
    expect(report.pieces[0]?.category).toBe('account_credentials');
  });

  it('lists what is disclosed and what is sold or shared separately, each with its recipients', () => {
    const report = buildAccessReport({
      reference: 'RD-1',
      now: NOW,
      specificPieces: false,
      systems: [crm, adtech],
      results: [],
    });
    expect(report.categoriesCollected).toEqual([
      'customer_records',
      'identifiers',
      'inferences',
      'internet_activity',
    ]);
    expect(report.disclosed).toEqual([
      { category: 'customer_records', recipients: ['service_providers'] },
      { category: 'identifiers', recipients: ['service_providers'] },
      { category: 'inferences', recipients: ['ad_networks'] },
      { category: 'internet_activity', recipients: ['ad_networks'] },
    ]);
    expect(report.soldOrShared).toEqual([
      { category: 'inferences', recipients: ['ad_networks'] },
      { category: 'internet_activity', recipients: ['ad_networks'] },
    ]);
    expect(report.pieces).toEqual([]);
  });

  it('says a system was not searched when its task gave no result, rather than that it holds nothing', () => {
    const report = buildAccessReport({
      reference: 'RD-1',
      now: NOW,
      specificPieces: true,
      systems: [crm, adtech, recordings],
      results: [
        done('crm', [{ fields: { email: 'ana@example.com' } }]),
        { systemKey: 'adtech', kind: 'access', status: 'done', result: { outcome: 'no_data' } },
        { systemKey: 'call_recordings', kind: 'access', status: 'waived', result: null },
      ],
    });
    expect(report.systems.map((system) => [system.key, system.search])).toEqual([
      ['crm', 'provided'],
      ['adtech', 'no_data'],
      ['call_recordings', 'not_searched'],
    ]);
  });

  it('for categories only, gives no values even when tasks returned some', () => {
    const report = buildAccessReport({
      reference: 'RD-1',
      now: NOW,
      specificPieces: false,
      systems: [crm],
      results: [done('crm', [{ fields: { email: 'ana@example.com' } }])],
    });
    expect(JSON.stringify(report)).not.toContain('ana@example.com');
  });
});
