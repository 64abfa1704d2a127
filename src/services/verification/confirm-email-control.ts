// What a confirmed email challenge does to its request (Regs 7060–7063):
// the consumer proved control of the address; with the data points that match
// the customer records this may verify the request, or confirm an agent's
// authorization and the consumer's identity. Anything short of the policy's
// level leaves the request for staff, without telling the consumer why.

import type { Transaction } from '../../db/client.js';
import type { EmailChallenge, PrivacyRequest } from '../../db/generated/client.js';
import { findRequest, findRequestSubject } from '../requests/requests-repo.js';
import { recordDecision } from '../requests/record-decision.js';
import type { Actor } from '../../domain/audit-events.js';
import {
  decide,
  evolve,
  type RequestCommand,
  type RequestEvent,
  type RequestState,
  verificationSubjectOf,
} from '../../domain/lifecycle/index.js';
import { assessVerification, type VerificationEvidence } from '../../domain/verification-rules.js';
import { STATUS_CHANGED_TOPIC } from '../notices/outbox-topics.js';
import type { Dependencies } from '../dependencies.js';
import { matchRecordsAutomatically } from '../customers/match-records-automatically.js';

export async function confirmEmailControl(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  tx: Transaction,
  { challenge, actor }: { challenge: EmailChallenge; actor: Actor },
): Promise<PrivacyRequest> {
  const { clock, policy } = deps;
  const now = clock.now();
  const loaded = await findRequest(tx, challenge.requestId);
  const subject = await findRequestSubject(tx, challenge.requestId);
  if (loaded === null || subject === null) throw new Error('A challenge always belongs to a request');

  // Regs 7062(c): the declaration the consumer signed with the request is evidence too.
  const declarationSignedName = subject.declarationSignedName;
  const evidence: VerificationEvidence = {
    matchedDataPoints: await matchRecordsAutomatically(tx, subject, { emailControlProven: true }),
    emailControlProven: true,
    declarationSigned: declarationSignedName !== null,
  };
  const meets = (state: RequestState) =>
    assessVerification(verificationSubjectOf(state), evidence, policy.lifecycle.verification).met;

  let state = loaded.state;
  const events: RequestEvent[] = [];
  const apply = (command: RequestCommand) => {
    const decided = decide(state, command, now, policy.lifecycle);
    state = decided.reduce<RequestState>(evolve, state);
    events.push(...decided);
  };

  const agentPolicy = policy.lifecycle.agentAuthorization;
  if (
    challenge.purpose === 'agent_authorization_confirmation' &&
    state.status === 'awaiting_agent_authorization'
  ) {
    // Regs 7063(a)(3): using the code sent to the consumer's own address confirms the permission.
    if (agentPolicy.consumerStep === 'either' || agentPolicy.consumerStep === 'permission_confirmation') {
      apply({ kind: 'record_agent_authorization', step: 'consumer_confirmed_permission' });
    }
    // Regs 7063(a)(2): the consumer verified their own identity directly.
    if (
      agentPolicy.consumerStep === 'identity_verification' &&
      state.status === 'awaiting_agent_authorization' &&
      meets(state)
    ) {
      apply({ kind: 'record_agent_authorization', step: 'consumer_verified_identity' });
    }
  }
  if (state.status === 'awaiting_verification' && meets(state)) {
    apply({ kind: 'verify', method: 'records_match', ...evidence });
  }
  if (events.length === 0) return loaded.row;

  // The consumer's own step moved the request on: they are told its new status.
  const statusChanged = state.status !== loaded.state.status;
  return recordDecision(tx, {
    request: { loaded },
    events,
    state,
    actor,
    now,
    declarationSignedName,
    messages: statusChanged
      ? [{ topic: STATUS_CHANGED_TOPIC, payload: { requestId: challenge.requestId } }]
      : [],
  });
}
