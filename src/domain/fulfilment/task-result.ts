// What one system answered for one task: the shape a webhook receiver returns (or posts to
// its callback), and what the postgres connector and the console record for the other kinds.

import { z } from 'zod';
import { DELETION_EXCEPTIONS } from '../lifecycle/denial-rules.js';
import { PERSONAL_INFORMATION_CATEGORIES, type PersonalInformationCategory } from './data-map.js';
import { storableText } from '../storable-text.js';

const CATEGORY_KEYS = Object.keys(PERSONAL_INFORMATION_CATEGORIES) as [PersonalInformationCategory];

export const TASK_OUTCOMES = ['done', 'no_data', 'retained', 'deleted', 'corrected'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/**
 * What is stored in place of a field the data map marks `withhold` (Regs 7024(d)): the
 * report says the piece was collected without ever holding its value.
 */
export const WITHHELD_VALUE = Object.freeze({ withheld: true });

const MAX_RECORDS = 10_000;
const MAX_FIELDS_PER_RECORD = 500;

/** PostgreSQL's jsonb holds no NUL character: a value with one, at any depth, is refused. */
function holdsNoNul(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\0');
  if (Array.isArray(value)) return value.every(holdsNoNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([key, inner]) => !key.includes('\0') && holdsNoNul(inner));
  }
  return true;
}

export const TaskResultRecordSchema = z.object({
  category: z.enum(CATEGORY_KEYS).optional(),
  fields: z
    .record(
      storableText().min(1).max(200),
      z.unknown().refine(holdsNoNul, { error: 'a value may not hold a NUL character' }),
    )
    .refine((fields) => Object.keys(fields).length <= MAX_FIELDS_PER_RECORD, {
      error: `at most ${MAX_FIELDS_PER_RECORD} fields per record`,
    }),
});
export type TaskResultRecord = z.infer<typeof TaskResultRecordSchema>;

export const TaskResultSchema = z
  .object({
    outcome: z.enum(TASK_OUTCOMES),
    records: z.array(TaskResultRecordSchema).max(MAX_RECORDS).optional(),
    /** Civ. 1798.105(d): why data was kept; required when the outcome is `retained`. */
    exception: z.enum(DELETION_EXCEPTIONS).optional(),
    explanation: storableText().trim().max(2000).optional(),
  })
  .refine((result) => result.outcome !== 'retained' || result.exception !== undefined, {
    error: 'a retained outcome names its exception (Civ. 1798.105(d))',
    path: ['exception'],
  });
export type TaskResult = z.infer<typeof TaskResultSchema>;
