// Working, extending and answering a request (docs/legal-rules.md#deadlines,
// docs/legal-rules.md#notices-and-responses).

import { businessDateOf, receiptDateOf } from '../business-date.js';
import {
  OLDER_DATA_EXPLANATION_MIN_LENGTH,
  refusableOlderPeriodOf,
  type OlderDataRefusal,
} from '../look-back.js';
import { InvalidCommandError, RuleConflictError } from '../errors.js';
import type { CompleteCommand, DenyCommand, ExtendCommand } from './commands.js';
import { DENIAL_REASONS_BY_TYPE } from './denial-rules.js';
import type { RequestEvent } from './events.js';
import type { LifecyclePolicy } from './policy.js';
import type { RequestState } from './state.js';
import { assertAccepts } from './transitions.js';

/**
 * Regs 7021(b), NRS 603A.345(4): one extension, with notice and reason sent
 * before the first deadline ends; `extendedRespondBy` is null for types that
 * allow none.
 */
export function decideExtend(
  state: RequestState,
  command: ExtendCommand,
  now: Date,
  policy: LifecyclePolicy,
): RequestEvent[] {
  assertAccepts(state, command.kind);
  const reason = command.reason.trim();
  if (reason === '') {
    throw new InvalidCommandError('REQUEST.INVALID_COMMAND', 'An extension needs a reason', {
      field: 'reason',
    });
  }
  const { deadlines } = state;
  const refuse = (message: string, details: Record<string, string | null>): RuleConflictError =>
    new RuleConflictError('REQUEST.EXTENSION_NOT_ALLOWED', message, {
      requestType: state.type,
      ...details,
    });
  if (deadlines.extended) {
    throw refuse('The deadline has already been extended once', { respondBy: deadlines.respondBy });
  }
  if (deadlines.extendedRespondBy === null) {
    throw refuse('This request type allows no extension', { extendedRespondBy: null });
  }
  const today = businessDateOf(now, policy.timeZone);
  if (today > deadlines.respondBy) {
    throw refuse('The extension must be given before the first deadline ends', {
      today,
      respondBy: deadlines.respondBy,
    });
  }
  return [
    {
      kind: 'deadline_extended',
      reason,
      previousRespondBy: deadlines.respondBy,
      respondBy: deadlines.extendedRespondBy,
      noticeRequired: true,
    },
  ];
}

export function decideComplete(
  state: RequestState,
  command: CompleteCommand,
  policy: LifecyclePolicy,
): RequestEvent[] {
  assertAccepts(state, command.kind);
  const summary = command.summary.trim();
  if (summary === '') {
    throw new InvalidCommandError('REQUEST.INVALID_COMMAND', 'A completed request needs a summary', {
      field: 'summary',
    });
  }
  const refusal = command.olderDataRefusal ?? null;
  if (refusal === null) return [{ kind: 'request_completed', summary }];
  return [
    { kind: 'request_completed', summary, olderDataRefusal: olderDataRefusalOf(state, refusal, policy) },
  ];
}

/**
 * Regs 7024(h): only the days before the 12 months, only where the consumer asked for
 * them (Civ. 1798.130(a)(2)(B)), and only with the facts that show why.
 */
function olderDataRefusalOf(
  state: RequestState,
  refusal: NonNullable<CompleteCommand['olderDataRefusal']>,
  policy: LifecyclePolicy,
): OlderDataRefusal {
  const receiptDate = receiptDateOf(new Date(state.receivedAt), policy.timeZone);
  const period =
    state.type === 'know' && state.knowScope !== null
      ? refusableOlderPeriodOf(receiptDate, state.knowScope.beyond12Months)
      : null;
  if (period === null) {
    throw new RuleConflictError(
      'REQUEST.NOT_ALLOWED',
      'Only a request to know that asked for more than the 12 months before receipt may have that part refused',
      { requestType: state.type, receiptDate },
    );
  }
  const explanation = refusal.explanation.trim();
  if (explanation.length < OLDER_DATA_EXPLANATION_MIN_LENGTH) {
    throw new InvalidCommandError(
      'REQUEST.INVALID_COMMAND',
      `Regs 7024(h): explain with facts why providing it would be ${refusal.ground === 'impossible' ? 'impossible' : 'disproportionate effort'} (at least ${OLDER_DATA_EXPLANATION_MIN_LENGTH} characters); stating it is not enough`,
      { field: 'olderDataExplanation', minLength: OLDER_DATA_EXPLANATION_MIN_LENGTH },
    );
  }
  return { ground: refusal.ground, explanation, ...period };
}

/** Civ. 1798.145: every denial states its reasons to the consumer. */
export function decideDeny(state: RequestState, command: DenyCommand): RequestEvent[] {
  assertAccepts(state, command.kind);
  const explanation = command.explanation.trim();
  if (explanation === '') {
    throw new InvalidCommandError(
      'REQUEST.DENIAL_REASON_REQUIRED',
      'A denial needs an explanation for the consumer',
      { reasonCode: command.reasonCode },
    );
  }
  const isDeletion = state.type === 'delete';
  if (isDeletion && command.exception === null) {
    throw new InvalidCommandError(
      'REQUEST.DENIAL_EXCEPTION_REQUIRED',
      'A deletion denial cites an exception of Civ. 1798.105(d)',
      { reasonCode: command.reasonCode },
    );
  }
  if (!isDeletion && command.exception !== null) {
    throw new InvalidCommandError(
      'REQUEST.INVALID_COMMAND',
      'Only a deletion denial cites a deletion exception',
      { field: 'exception', requestType: state.type },
    );
  }
  const refusal = denialRefusal(state, command);
  if (refusal !== null) {
    throw new RuleConflictError('REQUEST.DENIAL_NOT_ALLOWED', refusal, {
      requestType: state.type,
      reasonCode: command.reasonCode,
    });
  }
  return [
    {
      kind: 'request_denied',
      reasonCode: command.reasonCode,
      explanation,
      exception: command.exception,
      // Civ. 1798.105(d) denials offer the opt-out of sale/sharing (docs/legal-rules.md#opt-out-offer).
      optOutOffered: isDeletion,
    },
  ];
}

/** Civ. 1798.130(b): a business need not answer a consumer's requests to know more than twice in 12 months. */
const KNOW_RESPONSES_PER_12_MONTHS = 2;

/** Why the reason code cannot deny this request, or null when it can. */
function denialRefusal(state: RequestState, command: DenyCommand): string | null {
  if (!DENIAL_REASONS_BY_TYPE[state.type].includes(command.reasonCode)) {
    return `A ${state.type} request cannot be denied for ${command.reasonCode}`;
  }
  if (command.reasonCode === 'stl_already_answered_this_year' && !state.priorRequestThisCalendarYear) {
    return 'The customer has not been answered yet this calendar year';
  }
  // Civ. 1798.130(b): only after two responses to requests to know in the 12 months before receipt.
  if (
    command.reasonCode === 'specific_pieces_limit_reached' &&
    state.knowResponsesInPrior12Months < KNOW_RESPONSES_PER_12_MONTHS
  ) {
    return 'The records show fewer than two responses to this consumer’s requests to know in the 12 months before this one';
  }
  return null;
}
