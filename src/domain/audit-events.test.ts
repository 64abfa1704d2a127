import { describe, expect, it } from 'vitest';
import { ActorSchema, auditEntryOf, parseAuditEntry, sha256Of } from './audit-events.js';
import type { RequestEvent, RequestEventKind } from './lifecycle/index.js';

const FREE_TEXT = 'Jane Roe at 1 Main St asked us to wait';

/** One event of every kind; the mapped type makes the compiler demand a new kind here. */
const SAMPLES: { [K in RequestEventKind]: Extract<RequestEvent, { kind: K }> } = {
  request_submitted: {
    kind: 'request_submitted',
    requestId: '11111111-1111-4111-8111-111111111111',
    requestType: 'know',
    jurisdiction: 'ca_ccpa',
    channel: 'phone',
    submitter: 'authorized_agent',
    ageBand: '13_15',
    knowScope: { categories: true, specificPieces: true, beyond12Months: false },
    sensitiveData: false,
    correctedDataPoint: null,
    priorRequestThisCalendarYear: false,
    knowResponsesInPrior12Months: 0,
    deadlines: { respondBy: '2025-04-16', extendedRespondBy: '2025-05-31', extended: false },
    receivedAt: '2025-03-03T18:00:00.000Z',
    initialStatus: 'awaiting_agent_authorization',
  },
  agent_authorization_recorded: { kind: 'agent_authorization_recorded', step: 'signed_permission' },
  agent_authorization_completed: {
    kind: 'agent_authorization_completed',
    basis: 'power_of_attorney',
    nextStatus: 'awaiting_verification',
  },
  request_verified: {
    kind: 'request_verified',
    verification: {
      level: 'reasonably_high',
      method: 'records_match',
      matchedDataPoints: ['name', 'email', 'phone'],
      emailControlProven: true,
      declarationSigned: true,
    },
  },
  know_scope_narrowed: {
    kind: 'know_scope_narrowed',
    from: { categories: true, specificPieces: true, beyond12Months: true },
    to: { categories: true, specificPieces: false, beyond12Months: true },
  },
  verification_level_raised: {
    kind: 'verification_level_raised',
    level: 'reasonably_high',
    basis: 'cpni',
    reason: FREE_TEXT,
    previousLevel: 'reasonable',
    dataPoints: 3,
    verificationWithdrawn: true,
  },
  work_started: { kind: 'work_started' },
  deadline_extended: {
    kind: 'deadline_extended',
    reason: FREE_TEXT,
    previousRespondBy: '2025-04-16',
    respondBy: '2025-05-31',
    noticeRequired: true,
  },
  request_completed: {
    kind: 'request_completed',
    summary: FREE_TEXT,
    olderDataRefusal: {
      ground: 'disproportionate_effort',
      explanation: FREE_TEXT,
      from: '2022-01-01',
      until: '2024-03-02',
    },
  },
  request_denied: {
    kind: 'request_denied',
    reasonCode: 'deletion_exception',
    explanation: FREE_TEXT,
    exception: 'legal_obligation',
    optOutOffered: true,
  },
  request_withdrawn: { kind: 'request_withdrawn' },
  request_closed_unverified: {
    kind: 'request_closed_unverified',
    reason: 'unverifiable',
    optOutOffered: true,
    privacyPolicyReferred: false,
  },
};

describe('auditEntryOf', () => {
  it.each(Object.values(SAMPLES))('records $kind under its own name, and reads back the same', (event) => {
    const entry = auditEntryOf(event);
    expect(entry.action).toBe(event.kind);
    expect(parseAuditEntry(entry.action, JSON.parse(JSON.stringify(entry.payload)))).toEqual(entry);
  });

  it('keeps every field of events without free text', () => {
    const { kind, ...payload } = SAMPLES.request_verified;
    expect(auditEntryOf(SAMPLES.request_verified)).toEqual({ action: kind, payload });
  });

  it('replaces free text with its SHA-256, so the log never repeats what staff wrote', () => {
    for (const event of [SAMPLES.deadline_extended, SAMPLES.request_completed, SAMPLES.request_denied]) {
      const serialised = JSON.stringify(auditEntryOf(event).payload);
      expect(serialised).not.toContain('Jane');
      expect(serialised).toContain(sha256Of(FREE_TEXT));
    }
    expect(auditEntryOf(SAMPLES.request_denied).payload).toEqual({
      reasonCode: 'deletion_exception',
      explanationSha256: sha256Of(FREE_TEXT),
      exception: 'legal_obligation',
      optOutOffered: true,
    });
  });
});

describe('parseAuditEntry', () => {
  it('refuses unknown actions, extra keys and values outside the vocabulary', () => {
    expect(parseAuditEntry('request_teleported', {})).toBeNull();
    expect(parseAuditEntry('toString', {})).toBeNull();
    expect(parseAuditEntry('work_started', { note: FREE_TEXT })).toBeNull();
    expect(parseAuditEntry('request_completed', { summarySha256: 'not a hash' })).toBeNull();
    expect(parseAuditEntry('request.personal_data_viewed', { sections: ['subject', 'diary'] })).toBeNull();
    expect(parseAuditEntry('request.personal_data_viewed', { sections: [] })).toBeNull();
  });

  it('accepts the payloads of the non-lifecycle actions', () => {
    const tokenId = '33333333-3333-4333-8333-333333333333';
    expect(parseAuditEntry('api_token.created', { tokenId, role: 'auditor' })).toEqual({
      action: 'api_token.created',
      payload: { tokenId, role: 'auditor' },
    });
    expect(
      parseAuditEntry('request.personal_data_viewed', { sections: ['subject', 'agent'] }),
    ).not.toBeNull();
  });
});

describe('ActorSchema', () => {
  it('names staff and tokens by uuid, and lets the system and consumers be anonymous', () => {
    expect(ActorSchema.safeParse({ type: 'staff', id: null }).success).toBe(false);
    expect(ActorSchema.safeParse({ type: 'api_token', id: 'token-1' }).success).toBe(false);
    expect(ActorSchema.safeParse({ type: 'system', id: null }).success).toBe(true);
    expect(ActorSchema.safeParse({ type: 'consumer', id: null }).success).toBe(true);
    expect(ActorSchema.safeParse({ type: 'robot', id: null }).success).toBe(false);
  });
});
