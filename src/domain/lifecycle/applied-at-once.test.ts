// Given a request's state before and after a decision, then the command applied
// at once: the opt-outs that need no verification take effect as soon as they
// are free to proceed (Regs 7026(f), 7027(g); Civ. 1798.83(c)(2)).

import { describe, expect, it } from 'vitest';
import { NOW, POLICY, given, submit } from '../../../test/support/lifecycle.js';
import type { RequestType } from '../request-types.js';
import { commandAppliedAtOnce, decideAndApplyAtOnce } from './index.js';

describe('commandAppliedAtOnce', () => {
  it.each([
    ['opt_out', 'Regs 7026(f)', 'Your preference is recorded; it applies from today.'],
    ['limit', 'Regs 7027(g)', 'Your preference is recorded; it applies from today.'],
    [
      'stl_suppression',
      'Civ. 1798.83(c)(2)',
      'You are on our suppression list from today: we do not disclose your personal information ' +
        'to third parties for their direct marketing purposes.',
    ],
  ] as const)(
    'given a new %s, then it is completed at once (%s), saying what it means',
    (type, _rule, summary) => {
      const submitted = given([submit(type, { extendedRespondBy: null })]);
      expect(commandAppliedAtOnce(null, submitted)).toEqual({ kind: 'complete', summary });
    },
  );

  it.each(['know', 'delete', 'correct', 'nv_opt_out', 'stl_disclosure'] satisfies RequestType[])(
    'given a new %s, then nothing is applied before it is verified',
    (type) => {
      expect(commandAppliedAtOnce(null, given([submit(type)]))).toBeNull();
    },
  );

  it.each(['opt_out', 'stl_suppression'] as const)(
    'given an agent’s %s, then it is applied once the signed permission arrives, not before (Regs 7026, 7063)',
    (type) => {
      const byAgent = submit(type, { submitter: 'authorized_agent', extendedRespondBy: null });
      const waiting = given([byAgent]);
      expect(waiting.status).toBe('awaiting_agent_authorization');
      expect(commandAppliedAtOnce(null, waiting)).toBeNull();
      const events = decideAndApplyAtOnce(
        waiting,
        { kind: 'record_agent_authorization', step: 'signed_permission' },
        NOW,
        POLICY,
      );
      expect(events.map((event) => event.kind)).toContain('request_completed');
    },
  );
});
