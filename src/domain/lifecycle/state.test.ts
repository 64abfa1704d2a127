import { describe, expect, it } from 'vitest';
import { isOpen, isTerminal, OPEN_STATUSES, REQUEST_STATUSES, TERMINAL_STATUSES } from './index.js';

describe('request statuses', () => {
  it('are each either open or terminal, never both', () => {
    expect([...OPEN_STATUSES, ...TERMINAL_STATUSES].sort()).toEqual([...REQUEST_STATUSES].sort());
    for (const status of REQUEST_STATUSES) expect(isOpen(status)).toBe(!isTerminal(status));
  });
});
