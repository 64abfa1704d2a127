import { describe, expect, it } from 'vitest';
import { TaskResultSchema } from './task-result.js';

describe('TaskResultSchema', () => {
  it('takes records whose values are any JSON', () => {
    const result = { outcome: 'done', records: [{ fields: { email: 'a@example.com', plans: [{ id: 1 }] } }] };
    expect(TaskResultSchema.safeParse(result).success).toBe(true);
  });

  // PostgreSQL's jsonb refuses NUL: one such value would otherwise fail the statement recording it.
  it.each([
    ['a string', 'a\u0000b'],
    ['a nested string', { inner: ['ok', 'a\u0000b'] }],
    ['a nested key', { 'a\u0000b': 1 }],
  ])('refuses a value holding NUL in %s', (_, value) => {
    const result = { outcome: 'done', records: [{ fields: { note: value } }] };
    expect(TaskResultSchema.safeParse(result).success).toBe(false);
  });
});
