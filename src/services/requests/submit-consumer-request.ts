// A request from the consumer's side (web form or JSON API), written in ONE
// statement with everything it sets off (submit-request.ts): duplicate
// and replay detection, the receipt confirmation (Regs 7021(a), sent at once),
// and the verification email or the consumer's confirmation of an agent
// (Regs 7063). An opt-out or limit is applied as it is written, as from any channel.

import { hashToken } from '../../secrets.js';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { ChallengePurpose } from '../../db/generated/client.js';
import type { SubmissionClaim } from './new-requests-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import {
  missingAgentAuthorizationSteps,
  type AgentAuthorizationPolicy,
  type RequestState,
} from '../../domain/lifecycle/index.js';
import { REQUEST_TYPES, SUBMITTERS } from '../../domain/request-types.js';
import { requiresDeclaration } from '../../domain/verification-rules.js';
import { LANGUAGES } from '../../i18n/index.js';
import { emailChallengeFor } from '../verification/start-email-verification.js';
import {
  AgentSchema,
  CorrectionSchema,
  DeclarationSchema,
  KnowScopeInputSchema,
  SubjectSchema,
  SubmitRequestInputSchema,
} from './request-schemas.js';
import { writeSubmission, type SubmittedRequest } from './submit-request.js';
import type { Dependencies } from '../dependencies.js';

/**
 * What a consumer (or their agent) sends. The channel is always `web`, the
 * receipt time is the server's; the shared rules of SubmitRequestInputSchema
 * are applied on top, with their field paths.
 */
export const ConsumerSubmissionSchema = z
  .object({
    type: z.enum(REQUEST_TYPES),
    subject: SubjectSchema,
    submitter: z.enum(SUBMITTERS).optional(),
    agent: AgentSchema.optional(),
    sensitiveData: z.boolean().optional(),
    know: KnowScopeInputSchema.optional(),
    correction: CorrectionSchema.optional(),
    /**
     * Regs 7062(c), (d): required when the request is for specific pieces of
     * information, or to delete or correct sensitive data; signed by the consumer
     * (or a parent or guardian), never by an authorized agent.
     */
    declaration: DeclarationSchema.optional(),
    /** The language for every email about the request. */
    language: z.enum(LANGUAGES).default('en'),
  })
  .transform((body, context) => {
    const { language, declaration, ...rest } = body;
    const parsed = SubmitRequestInputSchema.safeParse({ ...rest, channel: 'web' });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        context.issues.push({ code: 'custom', path: issue.path, message: issue.message, input: body });
      }
      return z.NEVER;
    }
    // The consumer's subject as SubjectSchema read it: with its email, which they verify by.
    const input = { ...parsed.data, subject: rest.subject };
    const byAgent = input.submitter === 'authorized_agent';
    const needsDeclaration =
      !byAgent &&
      requiresDeclaration({
        type: input.type,
        knowScope: input.know ?? null,
        sensitiveData: input.sensitiveData,
      });
    if (needsDeclaration && declaration === undefined) {
      context.issues.push({
        code: 'custom',
        path: ['declaration', 'signedName'],
        message:
          'a request for specific pieces, or to delete or correct sensitive data, is signed under penalty of perjury',
        input: body,
      });
      return z.NEVER;
    }
    if (!needsDeclaration && declaration !== undefined) {
      context.issues.push({
        code: 'custom',
        path: ['declaration'],
        message: byAgent
          ? 'the consumer signs the declaration, not their authorized agent'
          : 'only a request for specific pieces, or to delete or correct sensitive data, gives `declaration`',
        input: body,
      });
      return z.NEVER;
    }
    return { input, language, declaration: declaration ?? null };
  });
export type ConsumerSubmission = z.output<typeof ConsumerSubmissionSchema>;

/** `created` is false when an earlier identical submission or the same Idempotency-Key answered. */
type ConsumerSubmissionResult = SubmittedRequest;

export async function submitConsumerRequest(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  {
    submission,
    actor = { type: 'consumer', id: null },
    idempotencyKey,
  }: { submission: ConsumerSubmission; actor?: Actor; idempotencyKey?: string },
): Promise<ConsumerSubmissionResult> {
  const { input, language, declaration } = submission;
  const now = deps.clock.now();
  const windowMs = deps.config.DUPLICATE_WINDOW_MINUTES * 60_000;
  const claim: SubmissionClaim = {
    idempotencyKey:
      idempotencyKey === undefined
        ? null
        : {
            keyHash: hashToken(idempotencyKey),
            // Only a keyed submission needs it; canonical JSON of every body is measurable CPU (bench/intake.ts).
            bodyHash: hashToken(
              canonicalize({ ...input, language, ...(declaration && { declaration }) }) ?? '',
            ),
          },
    // An opt-out given with a phone or account number only has no email to find a duplicate by.
    duplicate:
      windowMs === 0 || input.subject.email === undefined
        ? null
        : {
            type: input.type,
            channel: 'web',
            submitter: input.submitter,
            emailNormalized: input.subject.email.toLowerCase(),
            receivedSince: new Date(now.getTime() - windowMs),
          },
  };
  const result = await writeSubmission(deps, {
    input,
    actor,
    extras: {
      language,
      declaration,
      claim,
      setsOff: (submitted) => setsOff(deps, submitted, now),
    },
  });
  return result;
}

/** What a consumer's new request sets off at once, from the state it starts in. */
function setsOff(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  submitted: RequestState,
  now: Date,
) {
  const challenge = consumerChallengeFor(submitted, deps.policy.lifecycle.agentAuthorization);
  return challenge === null
    ? {}
    : {
        emailChallenge: emailChallengeFor(deps, { requestId: submitted.requestId, purpose: challenge, now }),
      };
}

/**
 * The one place that decides which email challenge a new web request (the
 * consumer's own, or their authorized agent's) sends the consumer, from the
 * state it is in once received: for an agent's request from the web form, after
 * the proof of authority it came with is recorded (submit-agent-request.ts).
 */
export function consumerChallengeFor(
  state: RequestState,
  policy: AgentAuthorizationPolicy,
): ChallengePurpose | null {
  if (state.status === 'awaiting_verification') return 'request_verification';
  if (state.status !== 'awaiting_agent_authorization') return null;
  // Regs 7063(a)(2), (3): the consumer confirms the agent and verifies directly, by their own
  // email, when the policy asks it; never for opt-out and limit (Regs 7026, 7027).
  const missing = missingAgentAuthorizationSteps(state.agentAuthorization, state.type, policy);
  const asksConsumer = missing.some(
    (step) => step === 'consumer_verified_identity' || step === 'consumer_confirmed_permission',
  );
  return asksConsumer ? 'agent_authorization_confirmation' : null;
}
