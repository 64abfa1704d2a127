import { describe, expect, it } from 'vitest';
import { isOpen, isTerminal, REQUEST_STATUSES } from './index.js';

describe('request statuses', () => {
  it('are each either open or terminal, never both', () => {
    expect(new Set(REQUEST_STATUSES).size).toBe(REQUEST_STATUSES.length);
    for (const status of REQUEST_STATUSES) expect(isOpen(status)).toBe(!isTerminal(status));
  });
});
