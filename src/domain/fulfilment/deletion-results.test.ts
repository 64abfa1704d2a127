import { describe, expect, it } from 'vitest';
import { summarizeFulfilment } from './deletion-results.js';
import type { ReportedSystem } from './fulfilment-results.js';

const system = (key: string, categories: string[]): ReportedSystem => ({
  key,
  name: key.toUpperCase(),
  categories,
  sources: [],
  purposes: [],
  recipients: [],
  soldOrShared: false,
  retention: '',
  fields: {},
});

describe('summarizeFulfilment', () => {
  it('gives each system with a task its outcome, and the categories kept under an exception', () => {
    const lines = summarizeFulfilment(
      'delete',
      [system('crm', ['identifiers']), system('billing', ['commercial_information']), system('unused', [])],
      [
        { systemKey: 'crm', kind: 'delete', status: 'done', result: { outcome: 'done' } },
        {
          systemKey: 'billing',
          kind: 'delete',
          status: 'done',
          result: { outcome: 'retained', exception: 'legal_obligation', explanation: 'Tax records' },
        },
      ],
    );
    expect(lines).toEqual([
      { systemKey: 'crm', systemName: 'CRM', outcome: { kind: 'deleted' } },
      {
        systemKey: 'billing',
        systemName: 'BILLING',
        outcome: {
          kind: 'retained',
          exception: 'legal_obligation',
          explanation: 'Tax records',
          categoriesKept: ['commercial_information'],
        },
      },
    ]);
  });

  it('claims nothing for a task that ended without a result (waived or failed)', () => {
    const lines = summarizeFulfilment(
      'correct',
      [system('crm', ['identifiers']), system('adtech', [])],
      [
        { systemKey: 'crm', kind: 'correct', status: 'done', result: { outcome: 'corrected' } },
        { systemKey: 'adtech', kind: 'correct', status: 'waived', result: null },
      ],
    );
    expect(lines.map((line) => line.outcome.kind)).toEqual(['corrected', 'not_done']);
  });
});
