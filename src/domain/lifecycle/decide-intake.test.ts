// Given commands already accepted, when a command arrives, then these events
// or this error. `now` is fixed: Monday 3 March 2025, 10:00 in Los Angeles.

import { describe, expect, it } from 'vitest';
import { NOW, POLICY, submit, given, rejection, VERIFY_BY_RECORDS } from '../../../test/support/lifecycle.js';
import type { RequestType } from '../request-types.js';
import {
  decide,
  evolve,
  saleRequiresOptIn,
  type LifecyclePolicy,
  type RequestCommand,
  type RequestState,
  type SubmitCommand,
} from './index.js';

const byAgent = (type: RequestType) => submit(type, { submitter: 'authorized_agent' });
const step = (name: Extract<RequestCommand, { kind: 'record_agent_authorization' }>['step']) =>
  ({ kind: 'record_agent_authorization', step: name }) as const;

describe('submit', () => {
  it.each([
    ['opt_out', 'Regs 7060(b)'],
    ['limit', 'Regs 7060(b)'],
    ['stl_suppression', 'Civ. 1798.83(c)(2)'],
  ] as const)('%s needs no verification and goes straight to work (%s)', (type, _rule) => {
    const events = decide(null, submit(type, { extendedRespondBy: null }), NOW, POLICY);
    expect(events).toMatchObject([
      {
        kind: 'request_submitted',
        requestType: type,
        initialStatus: 'in_progress',
        receivedAt: NOW.toISOString(),
      },
    ]);
    expect(events.reduce<RequestState | null>(evolve, null)?.status).toBe('in_progress');
  });

  it.each(['know', 'delete', 'correct', 'nv_opt_out', 'stl_disclosure'] as const)(
    '%s submitted by the consumer awaits verification, carrying its deadlines and jurisdiction',
    (type) => {
      const state = given([submit(type)]);
      expect(state).toMatchObject({
        status: 'awaiting_verification',
        type,
        agentAuthorization: null,
        verification: null,
        deadlines: { respondBy: '2025-04-16', extendedRespondBy: '2025-05-31', extended: false },
      });
      expect(state.jurisdiction).toBe(
        {
          know: 'ca_ccpa',
          delete: 'ca_ccpa',
          correct: 'ca_ccpa',
          nv_opt_out: 'nv',
          stl_disclosure: 'ca_shine_the_light',
        }[type],
      );
    },
  );

  it('refuses a know request without a scope and a scope on other types', () => {
    expect(rejection(() => decide(null, submit('know', { knowScope: null }), NOW, POLICY))).toMatchObject({
      code: 'REQUEST.INVALID_COMMAND',
      kind: 'validation',
      details: { field: 'knowScope' },
    });
    const scoped = submit('delete', {
      knowScope: { categories: true, specificPieces: false, beyond12Months: false },
    });
    expect(rejection(() => decide(null, scoped, NOW, POLICY)).code).toBe('REQUEST.INVALID_COMMAND');
  });

  it('refuses deadlines that are not calendar dates, or an extension not after the first deadline', () => {
    for (const dates of [
      { respondBy: '2025-02-30' },
      { respondBy: '16/04/2025' },
      { extendedRespondBy: '2025-04-16' },
    ]) {
      expect(rejection(() => decide(null, submit('know', dates), NOW, POLICY)).code).toBe(
        'REQUEST.INVALID_COMMAND',
      );
    }
  });

  it('a second submit for the same request is an illegal transition; other commands need a request', () => {
    expect(rejection(() => decide(given([submit('know')]), submit('know'), NOW, POLICY))).toMatchObject({
      code: 'REQUEST.ILLEGAL_TRANSITION',
      kind: 'conflict',
      details: { status: 'awaiting_verification', command: 'submit' },
    });
    expect(rejection(() => decide(null, { kind: 'start' }, NOW, POLICY))).toMatchObject({
      code: 'REQUEST.NOT_FOUND',
      kind: 'not_found',
    });
  });
});

describe('authorized agents (Regs 7063)', () => {
  it('waits for signed permission and either consumer step under the sample policy (Regs 7063(a))', () => {
    expect(given([byAgent('delete')]).status).toBe('awaiting_agent_authorization');
    const signed = given([byAgent('delete'), step('signed_permission')]);
    expect(signed.status).toBe('awaiting_agent_authorization');
    expect(decide(signed, step('consumer_confirmed_permission'), NOW, POLICY)).toEqual([
      { kind: 'agent_authorization_recorded', step: 'consumer_confirmed_permission' },
      {
        kind: 'agent_authorization_completed',
        basis: 'policy_steps',
        nextStatus: 'awaiting_verification',
      },
    ]);
  });

  it('a power of attorney replaces the other steps (Probate Code 4121–4130)', () => {
    const state = given([byAgent('know'), step('power_of_attorney')]);
    expect(state.status).toBe('awaiting_verification');
  });

  it('the regulatory minimum asks the agent for nothing before verification', () => {
    const minimum: LifecyclePolicy = {
      ...POLICY,
      agentAuthorization: {
        requireSignedPermission: false,
        consumerStep: 'none',
        requireSignedPermissionForOptOut: false,
      },
    };
    expect(given([byAgent('correct')], minimum).status).toBe('awaiting_verification');
    expect(given([byAgent('opt_out')], minimum).status).toBe('in_progress');
  });

  // Regs 7063(a) as amended in 2021: the consumer's own verification OR their confirmation, not both.
  it.each([
    ['either', 'consumer_verified_identity', 'awaiting_verification'],
    ['either', 'consumer_confirmed_permission', 'awaiting_verification'],
    ['identity_verification', 'consumer_confirmed_permission', 'awaiting_agent_authorization'],
    ['identity_verification', 'consumer_verified_identity', 'awaiting_verification'],
    ['permission_confirmation', 'consumer_verified_identity', 'awaiting_agent_authorization'],
    ['permission_confirmation', 'consumer_confirmed_permission', 'awaiting_verification'],
  ] as const)(
    'Regs 7063(a): with the consumer step "%s", after the signed permission and %s, the request is %s',
    (consumerStep, consumerDid, status) => {
      const policy: LifecyclePolicy = {
        ...POLICY,
        agentAuthorization: { ...POLICY.agentAuthorization, consumerStep },
      };
      expect(given([byAgent('delete'), step('signed_permission'), step(consumerDid)], policy).status).toBe(
        status,
      );
    },
  );

  it('opt-out via an agent waits for signed permission only, then is worked (Regs 7026)', () => {
    const state = given([byAgent('opt_out'), step('signed_permission')]);
    expect(state).toMatchObject({
      status: 'in_progress',
      agentAuthorization: { signedPermission: true },
    });
  });

  it('cannot be verified before the authorization is complete', () => {
    const state = given([byAgent('know'), step('signed_permission')]);
    expect(rejection(() => decide(state, VERIFY_BY_RECORDS, NOW, POLICY))).toMatchObject({
      code: 'REQUEST.ILLEGAL_TRANSITION',
      details: { status: 'awaiting_agent_authorization', command: 'verify' },
    });
  });
});

describe('minors (Civ. 1798.120(c); Regs 7070–7071)', () => {
  it('a request for a child under 13 must come from a parent or guardian', () => {
    const error = rejection(() => decide(null, submit('delete', { ageBand: 'under_13' }), NOW, POLICY));
    expect(error).toMatchObject({
      code: 'REQUEST.PARENT_GUARDIAN_REQUIRED',
      kind: 'validation',
      details: { ageBand: 'under_13', submitter: 'self' },
    });
    const byParent = given([submit('delete', { ageBand: 'under_13', submitter: 'parent_guardian' })]);
    expect(byParent).toMatchObject({
      status: 'awaiting_verification',
      ageBand: 'under_13',
      submitter: 'parent_guardian',
    });
  });

  it('under 16, sale and sharing need opt-in; 16 and over or unknown age, they do not', () => {
    const submitted = (ageBand: SubmitCommand['ageBand'], submitter: SubmitCommand['submitter'] = 'self') =>
      given([submit('opt_out', { ageBand, submitter, extendedRespondBy: null })]);
    expect(saleRequiresOptIn(submitted('under_13', 'parent_guardian'))).toBe(true);
    expect(saleRequiresOptIn(submitted('13_15'))).toBe(true);
    expect(saleRequiresOptIn(submitted('16_plus'))).toBe(false);
    expect(saleRequiresOptIn(submitted(null))).toBe(false);
  });
});
