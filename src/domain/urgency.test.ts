import { describe, expect, it } from 'vitest';
import { dueStatusOf } from './urgency.js';

describe('dueStatusOf', () => {
  it('counts calendar days to the response deadline, across a daylight saving change', () => {
    // Clocks in Los Angeles moved forward on Sunday 9 March 2025.
    expect(dueStatusOf('in_progress', '2025-03-10', '2025-03-03')).toEqual({
      daysLeft: 7,
      urgency: 'on_track',
    });
    expect(dueStatusOf('verified', '2025-03-09', '2025-03-03')).toEqual({ daysLeft: 6, urgency: 'due_soon' });
    expect(dueStatusOf('verified', '2025-03-03', '2025-03-03')).toEqual({ daysLeft: 0, urgency: 'due_soon' });
    expect(dueStatusOf('awaiting_verification', '2025-02-28', '2025-03-03')).toEqual({
      daysLeft: -3,
      urgency: 'overdue',
    });
  });

  it('calls a closed request closed, however long ago its deadline passed', () => {
    expect(dueStatusOf('completed', '2024-12-31', '2025-03-03')).toEqual({
      daysLeft: -62,
      urgency: 'closed',
    });
  });
});
