// What the request page shows and offers, decided here so that the template only
// prints: the actions this role may take in this status, labels, urgency.

import { isAllowed, type Action, type ConsoleRole } from '../../domain/access-policy.js';
import { businessDateOf } from '../../domain/business-date.js';
import { ACCEPTING_STATUSES } from '../../domain/lifecycle/transitions.js';
import {
  AGENT_AUTHORIZATION_STEPS,
  DELETION_EXCEPTIONS,
  DENIAL_REASONS_BY_TYPE,
  isOpen,
  isTerminal,
  VERIFICATION_METHODS,
} from '../../domain/lifecycle/index.js';
import { DATA_POINTS } from '../../domain/request-types.js';
import { dueStatusOf } from '../../domain/urgency.js';
import {
  levelMayBeRaised,
  requiredVerification,
  VERIFICATION_RAISE_BASES,
} from '../../domain/verification-rules.js';
import type { RequestPageData } from '../../services/requests/staff-request-page.js';
import type { Dependencies } from '../../services/dependencies.js';

/** The console's request actions: the decider's commands plus the console's own. */
export const REQUEST_PAGE_ACTIONS = {
  assign: 'request.assign',
  note: 'note.create',
  request_information: 'request.request_information',
  record_agent_authorization: 'request.verify',
  verify: 'request.verify',
  mark_unverifiable: 'request.verify',
  raise_verification_level: 'request.verify',
  start: 'request.start',
  extend: 'request.extend',
  deny: 'request.deny',
  complete: 'request.complete',
  withdraw: 'request.withdraw',
} as const satisfies Record<string, Action>;
type RequestPageAction = keyof typeof REQUEST_PAGE_ACTIONS;

export const LIFECYCLE_ACTIONS = [
  'record_agent_authorization',
  'verify',
  'mark_unverifiable',
  'raise_verification_level',
  'start',
  'extend',
  'deny',
  'complete',
  'withdraw',
] as const satisfies readonly RequestPageAction[];
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

function availableActions(role: ConsoleRole, data: RequestPageData): Set<RequestPageAction> {
  const { status, type } = data.detail;
  const available = new Set<RequestPageAction>();
  for (const [action, permission] of Object.entries(REQUEST_PAGE_ACTIONS) as [RequestPageAction, Action][]) {
    if (!isAllowed(role, permission)) continue;
    if ((LIFECYCLE_ACTIONS as readonly string[]).includes(action)) {
      const accepting: readonly string[] = ACCEPTING_STATUSES[action as LifecycleAction];
      if (!accepting.includes(status)) continue;
      if (
        action === 'extend' &&
        (data.detail.deadlines.extended || data.detail.deadlines.extendedRespondBy === null)
      )
        continue;
      if (action === 'deny' && DENIAL_REASONS_BY_TYPE[type].length === 0) continue;
      if (action === 'raise_verification_level' && !levelMayBeRaisedFor(data.detail)) continue;
    } else if (action !== 'note' && isTerminal(status)) {
      continue;
    }
    available.add(action);
  }
  return available;
}

/** Regs 7062(c), (d): offered only where a higher level exists than the one the request needs. */
function levelMayBeRaisedFor(detail: RequestPageData['detail']): boolean {
  return (
    levelMayBeRaised(detail.type) &&
    detail.raisedVerification === null &&
    !detail.sensitiveData &&
    detail.knowScope?.specificPieces !== true
  );
}

const LANGUAGE_NAMES = { en: 'English', es: 'Spanish' } as const;

export function requestPageView(
  deps: Pick<Dependencies, 'clock' | 'policy'>,
  role: ConsoleRole,
  data: RequestPageData,
) {
  const { detail } = data;
  const today = businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);
  const requirement = requiredVerification(
    {
      type: detail.type,
      knowScope: detail.knowScope,
      sensitiveData: detail.sensitiveData,
      correctedDataPoint: detail.correctedDataPoint,
      raisedLevel: detail.raisedVerification?.level ?? null,
    },
    deps.policy.lifecycle.verification,
  );
  const best = data.customerMatches[0] ?? null;
  return {
    ...data,
    actions: Object.fromEntries([...availableActions(role, data)].map((action) => [action, true])),
    canViewDocuments: isAllowed(role, 'document.view'),
    open: isOpen(detail.status),
    due: dueStatusOf(detail.status, detail.deadlines.respondBy, today),
    requirement,
    bestMatch: best,
    options: {
      dataPoints: DATA_POINTS,
      methods: VERIFICATION_METHODS,
      denialReasons: DENIAL_REASONS_BY_TYPE[detail.type],
      deletionExceptions: DELETION_EXCEPTIONS,
      agentSteps: AGENT_AUTHORIZATION_STEPS,
      raiseBases: VERIFICATION_RAISE_BASES,
    },
    isDeletion: detail.type === 'delete',
    languageName: LANGUAGE_NAMES[detail.language],
  };
}
