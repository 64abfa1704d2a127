// Given a data map and a request, which systems get which task, and when it is due.

import { describe, expect, it } from 'vitest';
import { given, SPECIFIC_PIECES, submit } from '../../../test/support/lifecycle.js';
import { DEFAULT_BUSINESS_CALENDAR } from '../business-calendar.js';
import { DataMapSchema } from './data-map.js';
import { planTasks, taskDueDate } from './plan-tasks.js';

const MAP = DataMapSchema.parse({
  systems: [
    {
      key: 'crm',
      name: 'CRM',
      recipients: ['service_providers'],
      corrects: { postal_address: 'postal_code' },
      fields: { postal_code: 'customer_records' },
      categories: ['customer_records'],
      connector: { kind: 'postgres', urlEnv: 'CRM_URL', access: 'SELECT 1', delete: 'DELETE FROM c' },
    },
    {
      key: 'billing',
      name: 'Billing',
      connector: { kind: 'postgres', urlEnv: 'CRM_URL', access: 'SELECT 1' },
      retainOnDelete: { exception: 'legal_obligation', explanation: 'Tax records.' },
    },
    {
      key: 'adtech',
      name: 'Ad partner',
      soldOrShared: true,
      connector: { kind: 'webhook', url: 'https://partner.example/privacy', secretEnv: 'ADTECH_SECRET' },
    },
    { key: 'recordings', name: 'Call recordings', owner: 'owner@example.com', connector: { kind: 'manual' } },
  ],
});

const summary = (tasks: ReturnType<typeof planTasks>) =>
  tasks.map((task) => `${task.systemKey}:${task.kind}:${task.execution}${task.retained ? ':retained' : ''}`);

describe('planning fulfilment tasks', () => {
  it('gives every system an access task for specific pieces, none for categories only', () => {
    expect(
      summary(planTasks(given([submit('know', { knowScope: SPECIFIC_PIECES })]), 'work_started', MAP)),
    ).toEqual([
      'crm:access:postgres',
      'billing:access:postgres',
      'adtech:access:webhook',
      'recordings:access:manual',
    ]);
    const categoriesOnly = given([submit('know')]);
    expect(planTasks(categoriesOnly, 'work_started', MAP)).toEqual([]);
  });

  it('deletes everywhere, tells third parties to delete, and keeps a retained system under its exception', () => {
    expect(summary(planTasks(given([submit('delete')]), 'work_started', MAP))).toEqual([
      'crm:delete:postgres',
      'billing:delete:manual:retained',
      'adtech:notify_delete:webhook',
      'recordings:delete:manual',
    ]);
  });

  it('corrects only in the systems that hold the corrected piece', () => {
    const state = given([submit('correct')]);
    expect(summary(planTasks(state, 'work_started', MAP, 'postal_address'))).toEqual(['crm:correct:manual']);
    expect(planTasks(state, 'work_started', MAP, 'phone')).toEqual([]);
  });

  it('tells the systems that sell or share of a completed opt-out, and nothing at its start', () => {
    const state = given([submit('opt_out', { extendedRespondBy: null })]);
    expect(summary(planTasks(state, 'completed', MAP))).toEqual(['adtech:notify_opt_out:webhook']);
    expect(planTasks(state, 'work_started', MAP)).toEqual([]);
  });

  it('is due five business days before the deadline, never before today', () => {
    // 2025-04-16 is a Wednesday: five business days earlier is Wednesday 9 April.
    expect(taskDueDate('2025-04-16', '2025-03-03', 5, DEFAULT_BUSINESS_CALENDAR)).toBe('2025-04-09');
    expect(taskDueDate('2025-03-05', '2025-03-04', 5, DEFAULT_BUSINESS_CALENDAR)).toBe('2025-03-04');
  });
});
