// Typed domain errors with stable codes. The HTTP layer maps `kind` to a status
// (conflict → 409, validation → 400, not_found → 404, forbidden → 403) in one
// error handler (src/http/plugins/errors.ts). `details` carries statuses, codes
// and counts, never personal data.

type DomainErrorKind = 'conflict' | 'validation' | 'not_found' | 'forbidden';

type DomainErrorDetailValue = string | number | boolean | null | readonly string[];
type DomainErrorDetails = Readonly<Record<string, DomainErrorDetailValue>>;

/** A command that the current status, the law or the policy does not allow. */
type ConflictCode =
  | 'REQUEST.ILLEGAL_TRANSITION'
  | 'REQUEST.NOT_ALLOWED'
  | 'REQUEST.VERIFICATION_INSUFFICIENT'
  | 'REQUEST.EXTENSION_NOT_ALLOWED'
  | 'REQUEST.DENIAL_NOT_ALLOWED'
  | 'REQUEST.DEADLINE_NOT_PASSED'
  /** The evidence recorded cannot authorise selling or sharing a minor's data (Regs 7070, 7071). */
  | 'MINOR.OPT_IN_NOT_AUTHORIZED'
  /** Someone else changed the request between reading and writing it (optimistic concurrency). */
  | 'REQUEST.CONCURRENT_UPDATE'
  /** Too many wrong codes: the challenge accepts no more (VERIFICATION_MAX_ATTEMPTS, 5 by default). */
  /** A new code was asked for before the cooldown ended. */
  | 'VERIFICATION.RESEND_TOO_SOON'
  /** The challenge was already used, or the request no longer waits for it. */
  /** The same Idempotency-Key came with a different body. */
  | 'IDEMPOTENCY.KEY_REUSED'
  /** The letter was marked sent already (by someone else meanwhile), or is no letter. */
  | 'LETTER.NOT_PENDING'
  /** A staff account with this email exists already. */
  | 'STAFF.USER_EXISTS'
  /** An admin may not disable, demote or reset themselves: another admin must. */
  | 'STAFF.CANNOT_CHANGE_OWN_ACCOUNT'
  /** The change to a staff account is already in place (same role, already disabled, nothing enrolled). */
  | 'STAFF.UNCHANGED'
  /** The message of the triage inbox was resolved already (by someone else meanwhile). */
  | 'INBOX.ALREADY_RESOLVED'
  /** The request has fulfilment tasks still open: they end, or an officer waives them, first. */
  | 'FULFILMENT.TASKS_OPEN'
  /** The task has ended already, or is not of the kind the action needs. */
  | 'FULFILMENT.TASK_NOT_OPEN';

/** A command that is incomplete or malformed whatever the request's state. */
type ValidationCode =
  | 'REQUEST.INVALID_COMMAND'
  | 'REQUEST.DENIAL_REASON_REQUIRED'
  | 'REQUEST.DENIAL_EXCEPTION_REQUIRED'
  | 'REQUEST.PARENT_GUARDIAN_REQUIRED'
  /** Wrong code or link, or an unknown reference: the consumer is not told which. */
  | 'VERIFICATION.CODE_INVALID'
  | 'VERIFICATION.CODE_EXPIRED'
  /** A message of the triage inbox cannot become a request: its sender has no usable address. */
  | 'INBOX.SENDER_UNUSABLE'
  /** An agent's request from the triage inbox lacks the consumer's details the request type needs. */
  | 'INBOX.AGENT_REQUEST_INCOMPLETE'
  /** The attachment chosen as an agent's proof fails the checks of an agent form's upload. */
  | 'INBOX.AGENT_DOCUMENT_UNUSABLE';

type NotFoundCode = 'REQUEST.NOT_FOUND' | 'MINOR.NOT_KNOWN' | 'INBOX.NOT_FOUND' | 'FULFILMENT.TASK_NOT_FOUND';

/**
 * The actor lost the right to act after the route's guard let the request in
 * (another admin disabled or demoted them meanwhile).
 */
type ForbiddenCode = 'STAFF.ACTOR_NOT_ADMIN';

type DomainErrorCode = ConflictCode | ValidationCode | NotFoundCode | ForbiddenCode;

/** An error the rules raise on purpose, with a stable code and details safe to show. */
export abstract class DomainError<Code extends DomainErrorCode = DomainErrorCode> extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    readonly code: Code,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class RuleConflictError extends DomainError<ConflictCode> {
  readonly kind = 'conflict';
}

export class IllegalTransitionError extends RuleConflictError {
  constructor(status: string, command: string) {
    super(
      'REQUEST.ILLEGAL_TRANSITION',
      `A request in status "${status}" does not accept the command "${command}"`,
      { status, command },
    );
  }
}

export class InvalidCommandError extends DomainError<ValidationCode> {
  readonly kind = 'validation';
}

export class NotFoundError extends DomainError<NotFoundCode> {
  readonly kind = 'not_found';
}

/**
 * The default branch of an exhaustive `switch`: the compiler
 * rejects the call when a case is missing; at run time it reports corrupt input.
 */
export function unreachable(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
