// The audit log's contract (docs/legal-rules.md#audit-trail): who did what to
// which request, with a small payload per action. Payloads are strict objects
// of statuses, codes, dates, counts and data-point names: no personal data, as
// the log is append-only and outlives the purge of a request's personal data
// (Regs 7060(d)). Free text written by staff (a denial's explanation, an
// extension's reason, a completion summary) stays with the request; the log
// keeps its SHA-256, which proves what was written without repeating it.

import { OPT_IN_PARTIES, PARENT_VERIFICATION_METHODS } from './minor-consent.js';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { storableText } from './storable-text.js';
import { CONSOLE_ROLES, STAFF_ROLES } from './access-policy.js';
import { unreachable } from './errors.js';
import {
  AGENT_AUTHORIZATION_STEPS,
  CLOSURE_REASONS,
  DELETION_EXCEPTIONS,
  DENIAL_REASON_CODES,
  type RequestEvent,
} from './lifecycle/index.js';
import {
  CalendarDateSchema,
  KnowScopeSchema,
  StateDeadlinesSchema,
  VerificationRecordSchema,
} from './lifecycle/state-schema.js';
import { OLDER_DATA_REFUSAL_GROUNDS } from './look-back.js';
import { NOTICE_KINDS } from './notices.js';
import { VERIFICATION_LEVELS, VERIFICATION_RAISE_BASES } from './verification-rules.js';
import {
  AGE_BANDS,
  CHANNELS,
  DATA_POINTS,
  JURISDICTIONS,
  REQUEST_TYPES,
  SUBMITTERS,
} from './request-types.js';

export type ActorType = 'consumer' | 'staff' | 'system' | 'api_token';

/** Staff and API tokens are always named; a consumer or the system may not be. */
export const ActorSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('staff'), id: z.uuid() }),
  z.strictObject({ type: z.literal('api_token'), id: z.uuid() }),
  z.strictObject({ type: z.literal('consumer'), id: storableText().trim().min(1).max(100).nullable() }),
  z.strictObject({ type: z.literal('system'), id: storableText().trim().min(1).max(100).nullable() }),
]);
export type Actor = z.output<typeof ActorSchema>;

/** The parts of a request's personal data a viewer was shown. */
const PERSONAL_DATA_SECTIONS = [
  'subject',
  'agent',
  'correction',
  'verification_declaration',
  'access_report',
] as const;
export type PersonalDataSection = (typeof PERSONAL_DATA_SECTIONS)[number];

/** What a staff session must still do after the password: nothing, a TOTP code, or enrolling one. */
const STAFF_TWO_FACTOR_STEPS = ['not_required', 'verify', 'enrol'] as const;
const STAFF_SIGN_IN_FAILURES = [
  'unknown_account',
  'password_not_set',
  'wrong_password',
  'wrong_code',
  'account_locked',
  'account_disabled',
] as const;
export type StaffSignInFailure = (typeof STAFF_SIGN_IN_FAILURES)[number];

const Sha256Schema = storableText().regex(/^[0-9a-f]{64}$/);

const AUDIT_PAYLOAD_SCHEMAS = {
  // The frozen request_submitted contract: stored events are validated again on
  // every audit:verify, so this must not follow the state schema
  // (RequestFactsSchema), even where it reads the same; it changes only by versioning.
  request_submitted: z.strictObject({
    requestId: storableText().min(1),
    requestType: z.enum(REQUEST_TYPES),
    jurisdiction: z.enum(JURISDICTIONS),
    channel: z.enum(CHANNELS),
    submitter: z.enum(SUBMITTERS),
    ageBand: z.enum(AGE_BANDS).nullable(),
    knowScope: KnowScopeSchema.nullable(),
    sensitiveData: z.boolean(),
    correctedDataPoint: z.enum(DATA_POINTS).nullable(),
    priorRequestThisCalendarYear: z.boolean(),
    // Added later, so optional: events recorded before it still validate.
    knowResponsesInPrior12Months: z.number().int().min(0).optional(),
    deadlines: StateDeadlinesSchema,
    receivedAt: z.iso.datetime(),
    initialStatus: z.enum(['awaiting_agent_authorization', 'awaiting_verification', 'in_progress']),
  }),
  agent_authorization_recorded: z.strictObject({ step: z.enum(AGENT_AUTHORIZATION_STEPS) }),
  agent_authorization_completed: z.strictObject({
    basis: z.enum(['policy_steps', 'power_of_attorney']),
    nextStatus: z.enum(['awaiting_verification', 'in_progress']),
  }),
  request_verified: z.strictObject({ verification: VerificationRecordSchema }),
  know_scope_narrowed: z.strictObject({ from: KnowScopeSchema, to: KnowScopeSchema }),
  verification_level_raised: z.strictObject({
    level: z.literal('reasonably_high'),
    basis: z.enum(VERIFICATION_RAISE_BASES),
    reasonSha256: Sha256Schema,
    previousLevel: z.enum(VERIFICATION_LEVELS),
    dataPoints: z.number().int().min(1),
    verificationWithdrawn: z.boolean(),
  }),
  work_started: z.strictObject({}),
  deadline_extended: z.strictObject({
    reasonSha256: Sha256Schema,
    previousRespondBy: CalendarDateSchema,
    respondBy: CalendarDateSchema,
    noticeRequired: z.literal(true),
  }),
  request_completed: z.strictObject({
    summarySha256: Sha256Schema,
    /** Regs 7024(h): the days refused before the 12 months, the ground, and the explanation's hash. */
    olderDataRefusal: z
      .strictObject({
        ground: z.enum(OLDER_DATA_REFUSAL_GROUNDS),
        explanationSha256: Sha256Schema,
        from: CalendarDateSchema,
        until: CalendarDateSchema,
      })
      .optional(),
  }),
  request_denied: z.strictObject({
    reasonCode: z.enum(DENIAL_REASON_CODES),
    explanationSha256: Sha256Schema,
    exception: z.enum(DELETION_EXCEPTIONS).nullable(),
    optOutOffered: z.boolean(),
  }),
  request_withdrawn: z.strictObject({}),
  request_closed_unverified: z.strictObject({
    reason: z.enum(CLOSURE_REASONS),
    optOutOffered: z.boolean(),
    privacyPolicyReferred: z.boolean(),
  }),
  'request.personal_data_viewed': z.strictObject({
    sections: z.array(z.enum(PERSONAL_DATA_SECTIONS)).min(1),
  }),
  // Staff console. Free text (notes, messages) is kept as its SHA-256 only.
  'request.assigned': z.strictObject({ assigneeId: z.uuid().nullable() }),
  'request.note_added': z.strictObject({ noteId: z.uuid(), bodySha256: Sha256Schema }),
  'request.more_information_requested': z.strictObject({ noteId: z.uuid(), messageSha256: Sha256Schema }),
  'request.agent_document_viewed': z.strictObject({ documentId: z.uuid() }),
  // The email channel (docs/legal-rules.md#email-requests): message ids only, texts as hashes.
  /** A requester's message joined the request's conversation, by email or from the status page. */
  'request.message_received': z.strictObject({
    requestMessageId: z.uuid(),
    channel: z.enum(['email', 'status_page']),
    textSha256: Sha256Schema,
  }),
  /** An officer resolved a message of the triage inbox; a free-text reason is kept as its hash. */
  'inbound.triaged': z.strictObject({
    inboundMessageId: z.uuid(),
    resolution: z.enum(['request_created', 'attached', 'not_a_request']),
    reasonSha256: Sha256Schema.nullable(),
    /** The request is an authorized agent's: which attachment the officer took as their proof (Regs 7063). */
    agentDocument: z
      .strictObject({
        index: z.number().int().min(0),
        kind: z.enum(['signed_permission', 'power_of_attorney']),
        sha256: Sha256Schema,
      })
      .optional(),
  }),
  /** An officer opened a file attached to a received message (its position in the message). */
  'inbound.attachment_viewed': z.strictObject({ inboundMessageId: z.uuid(), index: z.number().int().min(0) }),
  /** Someone looked up requests by reference or email: what was searched by, never the value. */
  'queue.searched': z.strictObject({ by: z.enum(['reference', 'email']), results: z.number().int().min(0) }),
  /** Customer records shown to staff, to verify a request or a caller. */
  'customer.records_viewed': z.strictObject({
    purpose: z.enum(['request_verification', 'phone_intake']),
    customerIds: z.array(z.uuid()).max(20),
  }),
  /** Civ. 1798.120(c); Regs 7070-7071: an opt-in to sale or sharing for a known minor, or its refusal. */
  'minor.consent_recorded': z.strictObject({
    decision: z.enum(['opt_in', 'decline']),
    by: z.enum(OPT_IN_PARTIES).nullable(),
    parentVerificationMethod: z.enum(PARENT_VERIFICATION_METHODS).nullable(),
    identityKinds: z.array(z.enum(['email', 'phone', 'account_number'])).max(3),
  }),
  /** Regs 7070(a)-(c): a parent's opt-in for a child under 13, given on the consumer page; an officer records the parent's verification. */
  'minor.parent_opt_in_requested': z.strictObject({
    identityKinds: z.array(z.enum(['email', 'phone', 'account_number'])).max(3),
  }),
  // Staff sign-in, with no request. The actor is the staff
  // user; an attempt for an email that names no account has no user to name,
  // so it is the system's, and the email is not kept (it may be a typo of
  // someone's address, or a password typed into the wrong field). No IP address.
  /** The password was right; `twoFactor` is what the session must still do before it opens anything. */
  'staff.signed_in': z.strictObject({
    sessionId: z.uuid(),
    twoFactor: z.enum(STAFF_TWO_FACTOR_STEPS),
  }),
  'staff.sign_in_failed': z.strictObject({
    step: z.enum(['password', 'two_factor']),
    reason: z.enum(STAFF_SIGN_IN_FAILURES),
  }),
  /** Too many failures in a row: the account refuses every sign-in until `lockedUntil`. */
  'staff.locked_out': z.strictObject({
    lockedUntil: z.iso.datetime(),
    failedAttempts: z.number().int().min(1),
  }),
  'staff.two_factor_enrolled': z.strictObject({ sessionId: z.uuid() }),
  'staff.two_factor_passed': z.strictObject({ sessionId: z.uuid() }),
  'staff.signed_out': z.strictObject({ sessionId: z.uuid() }),
  'staff.signed_out_everywhere': z.strictObject({ sessionsEnded: z.number().int().min(0) }),
  /** Staff posted a letter the outbox held for them (a receipt confirmation to a consumer with no email). */
  'letter.marked_sent': z.strictObject({
    outboxId: z.uuid(),
    letter: z.enum(NOTICE_KINDS),
  }),
  // Console accounts managed by an admin (/staff/users; a user may also be created
  // by the CLI, as the system): the user is named by id only (no name, no email), the roles by their codes.
  'staff.user_created': z.strictObject({ userId: z.uuid(), role: z.enum(CONSOLE_ROLES) }),
  'staff.role_changed': z.strictObject({
    userId: z.uuid(),
    previousRole: z.enum(CONSOLE_ROLES),
    role: z.enum(CONSOLE_ROLES),
  }),
  /** The account refuses every sign-in; `sessionsEnded` live sessions ended with it. */
  'staff.user_disabled': z.strictObject({ userId: z.uuid(), sessionsEnded: z.number().int().min(0) }),
  'staff.user_enabled': z.strictObject({ userId: z.uuid() }),
  /** The TOTP secret is gone: the user enrols a new one at their next sign-in. */
  'staff.two_factor_reset': z.strictObject({ userId: z.uuid(), sessionsEnded: z.number().int().min(0) }),
  /** Failed mail put back in the queue by an admin (console or CLI): how many, and which outbox rows. */
  'mail.resent': z.strictObject({ count: z.number().int().min(1), outboxIds: z.array(z.uuid()).max(1000) }),
  // Fulfilment results (docs/legal-rules.md#access-reports): the package by id and
  // the SHA-256 of its ZIP, never its content; downloads counted.
  'access_package.created': z.strictObject({
    packageId: z.uuid(),
    zipSha256: Sha256Schema,
    expiresAt: z.iso.datetime(),
    recipient: z.enum(['consumer', 'agent']),
  }),
  'access_package.downloaded': z.strictObject({
    packageId: z.uuid(),
    download: z.number().int().min(1),
    downloadLimit: z.number().int().min(1),
  }),
  'access_package.purged': z.strictObject({ packageId: z.uuid() }),
  /** A deletion was applied again to a system restored from backup (Regs 7022(d)); counts only. */
  'deletions.replayed': z.strictObject({
    systemKey: storableText().regex(/^[a-z0-9_]+$/),
    identitiesChecked: z.number().int().min(0),
    recordsDeleted: z.number().int().min(0),
  }),
  'api_token.created': z.strictObject({ tokenId: z.uuid(), role: z.enum(STAFF_ROLES) }),
  'api_token.revoked': z.strictObject({ tokenId: z.uuid() }),
  /** The Shine the Light suppression list was exported (Civ. 1798.83(c)(2)): how many identities, none named. */
  'suppression_list.exported': z.strictObject({ identities: z.number().int().min(0) }),
  /** An integration token's preference lookups in one hour (no identity looked up is kept). */
  'preferences.looked_up': z.strictObject({
    hourStart: z.iso.datetime(),
    lookups: z.number().int().min(1),
  }),
  // Fulfilment tasks (docs/legal-rules.md#fulfilment): ids and codes only; a note or reason as its SHA-256.
  'fulfilment.tasks_planned': z.strictObject({ taskIds: z.array(z.uuid()) }),
  'fulfilment.task_completed': z.strictObject({
    taskId: z.uuid(),
    systemKey: storableText(),
    outcome: storableText(),
  }),
  'fulfilment.task_failed': z.strictObject({
    taskId: z.uuid(),
    systemKey: storableText(),
    attempts: z.number().int(),
  }),
  'fulfilment.task_waived': z.strictObject({
    taskId: z.uuid(),
    systemKey: storableText(),
    reasonSha256: storableText(),
  }),
  'fulfilment.task_retried': z.strictObject({ taskId: z.uuid(), systemKey: storableText() }),
  'fulfilment.export_uploaded': z.strictObject({
    taskId: z.uuid(),
    sha256: storableText(),
    byteSize: z.number().int(),
  }),
} as const;

type AuditAction = keyof typeof AUDIT_PAYLOAD_SCHEMAS;
type AuditPayload<A extends AuditAction> = z.output<(typeof AUDIT_PAYLOAD_SCHEMAS)[A]>;
/** One action with its payload, as written and as read back. */
export type AuditEntry = { [A in AuditAction]: { action: A; payload: AuditPayload<A> } }[AuditAction];

/** The entry, validated, or null when the action is unknown or the payload breaks its schema. */
export function parseAuditEntry(action: string, payload: unknown): AuditEntry | null {
  if (!Object.hasOwn(AUDIT_PAYLOAD_SCHEMAS, action)) return null;
  const schema: z.ZodType = AUDIT_PAYLOAD_SCHEMAS[action as AuditAction];
  const result = schema.safeParse(payload);
  return result.success ? ({ action, payload: result.data } as AuditEntry) : null;
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the audit log records for a lifecycle event: the event itself, free text as its SHA-256. */
export function auditEntryOf(event: RequestEvent): AuditEntry {
  switch (event.kind) {
    case 'request_submitted':
    case 'agent_authorization_recorded':
    case 'agent_authorization_completed':
    case 'request_verified':
    case 'know_scope_narrowed':
    case 'work_started':
    case 'request_withdrawn':
    case 'request_closed_unverified': {
      // Events are readonly, payloads are not; appendAuditEvents parses every
      // entry against its schema before writing it (and audit-events.test.ts
      // covers each kind), so the cast cannot let a wrong shape through.
      const { kind, ...payload } = event;
      return { action: kind, payload } as AuditEntry;
    }
    case 'deadline_extended':
      return {
        action: event.kind,
        payload: {
          reasonSha256: sha256Of(event.reason),
          previousRespondBy: event.previousRespondBy,
          respondBy: event.respondBy,
          noticeRequired: event.noticeRequired,
        },
      };
    case 'verification_level_raised': {
      const { kind, reason, ...payload } = event;
      return { action: kind, payload: { ...payload, reasonSha256: sha256Of(reason) } };
    }
    case 'request_completed': {
      const refusal = event.olderDataRefusal;
      return {
        action: event.kind,
        payload: {
          summarySha256: sha256Of(event.summary),
          ...(refusal === undefined
            ? {}
            : {
                olderDataRefusal: {
                  ground: refusal.ground,
                  explanationSha256: sha256Of(refusal.explanation),
                  from: refusal.from,
                  until: refusal.until,
                },
              }),
        },
      };
    }
    case 'request_denied':
      return {
        action: event.kind,
        payload: {
          reasonCode: event.reasonCode,
          explanationSha256: sha256Of(event.explanation),
          exception: event.exception,
          optOutOffered: event.optOutOffered,
        },
      };
    default:
      return unreachable(event);
  }
}
