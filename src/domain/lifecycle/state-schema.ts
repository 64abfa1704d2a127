// The lifecycle's values as zod schemas. A request's state is stored as a JSON
// snapshot and audit payloads carry parts of it; both are checked again when
// read, so a corrupt or outdated row fails loudly instead of reaching the
// decider.

import { z } from 'zod';
import { OLDER_DATA_REFUSAL_GROUNDS } from '../look-back.js';
import { storableText } from '../storable-text.js';
import {
  AGE_BANDS,
  CHANNELS,
  DATA_POINTS,
  JURISDICTIONS,
  REQUEST_TYPES,
  SUBMITTERS,
} from '../request-types.js';
import { VERIFICATION_LEVELS, VERIFICATION_RAISE_BASES } from '../verification-rules.js';
import { DELETION_EXCEPTIONS, DENIAL_REASON_CODES } from './denial-rules.js';
import { CLOSURE_REASONS, VERIFICATION_METHODS, type RequestState } from './state.js';

export const CalendarDateSchema = z.iso.date();

export const KnowScopeSchema = z.strictObject({
  categories: z.boolean(),
  specificPieces: z.boolean(),
  beyond12Months: z.boolean(),
});

export const StateDeadlinesSchema = z.strictObject({
  respondBy: CalendarDateSchema,
  extendedRespondBy: CalendarDateSchema.nullable(),
  extended: z.boolean(),
});

export const VerificationRecordSchema = z.strictObject({
  level: z.enum(VERIFICATION_LEVELS),
  method: z.enum(VERIFICATION_METHODS),
  matchedDataPoints: z.array(z.enum(DATA_POINTS)),
  emailControlProven: z.boolean(),
  declarationSigned: z.boolean(),
});

const AgentAuthorizationSchema = z.strictObject({
  signedPermission: z.boolean(),
  powerOfAttorney: z.boolean(),
  consumerVerifiedIdentity: z.boolean(),
  consumerConfirmedPermission: z.boolean(),
});

const DenialSchema = z.strictObject({
  reasonCode: z.enum(DENIAL_REASON_CODES),
  explanation: storableText(),
  exception: z.enum(DELETION_EXCEPTIONS).nullable(),
  optOutOffered: z.boolean(),
});

const OlderDataRefusalSchema = z.strictObject({
  ground: z.enum(OLDER_DATA_REFUSAL_GROUNDS),
  explanation: storableText(),
  from: CalendarDateSchema,
  until: CalendarDateSchema,
});

const ClosureSchema = z.strictObject({
  reason: z.enum(CLOSURE_REASONS),
  optOutOffered: z.boolean(),
  privacyPolicyReferred: z.boolean(),
});

/**
 * What every state carries, whatever its status: `RequestFacts` in state.ts. The
 * audit log's `request_submitted` payload (audit-events.ts) reads alike on purpose
 * but is a frozen contract of its own: it must not change when this one does.
 */
export const RequestFactsSchema = z.strictObject({
  requestId: storableText().min(1),
  type: z.enum(REQUEST_TYPES),
  jurisdiction: z.enum(JURISDICTIONS),
  channel: z.enum(CHANNELS),
  submitter: z.enum(SUBMITTERS),
  ageBand: z.enum(AGE_BANDS).nullable(),
  knowScope: KnowScopeSchema.nullable(),
  sensitiveData: z.boolean(),
  correctedDataPoint: z.enum(DATA_POINTS).nullable(),
  priorRequestThisCalendarYear: z.boolean(),
  // Requests recorded before the count was kept read as none: the denial stays refused for them.
  knowResponsesInPrior12Months: z.number().int().min(0).default(0),
  agentAuthorization: AgentAuthorizationSchema.nullable(),
  verification: VerificationRecordSchema.nullable(),
  raisedVerification: z
    .strictObject({
      level: z.literal('reasonably_high'),
      basis: z.enum(VERIFICATION_RAISE_BASES),
      reason: storableText(),
    })
    .optional(),
  deadlines: StateDeadlinesSchema,
  receivedAt: z.iso.datetime(),
});

export const RequestStateSchema = z.discriminatedUnion('status', [
  RequestFactsSchema.extend({
    status: z.literal('awaiting_agent_authorization'),
    agentAuthorization: AgentAuthorizationSchema,
  }),
  RequestFactsSchema.extend({ status: z.literal('awaiting_verification') }),
  RequestFactsSchema.extend({ status: z.literal('verified'), verification: VerificationRecordSchema }),
  RequestFactsSchema.extend({ status: z.literal('in_progress') }),
  RequestFactsSchema.extend({
    status: z.literal('completed'),
    summary: storableText(),
    olderDataRefusal: OlderDataRefusalSchema.optional(),
  }),
  RequestFactsSchema.extend({ status: z.literal('denied'), denial: DenialSchema }),
  RequestFactsSchema.extend({ status: z.literal('closed_unverified'), closure: ClosureSchema }),
  RequestFactsSchema.extend({ status: z.literal('withdrawn') }),
]);

// The compiler checks that whatever the schema accepts is a RequestState; the
// round-trip test (state-schema.test.ts) checks that every state decide and
// evolve produce passes the schema.
export function parseRequestState(snapshot: unknown): RequestState {
  return RequestStateSchema.parse(snapshot);
}
