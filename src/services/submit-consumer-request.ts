// A request from the consumer's side (web form or JSON API), in ONE transaction
// with everything it sets off (issue 4): duplicate and replay detection, the
// receipt confirmation (Regs 7021(a), sent at once), the verification email or
// the consumer's confirmation of an agent (Regs 7063), and for opt-out and
// limit the preference record that applies them.

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { Transaction } from '../db/client.js';
import type { PrivacyRequest } from '../db/generated/client.js';
import { enqueueOutboxMessages } from '../db/outbox-repo.js';
import { findRecentRequestId, saveRequestState, type LoadedRequest } from '../db/requests-repo.js';
import type { Actor } from '../domain/audit-events.js';
import { RuleConflictError } from '../domain/errors.js';
import { decide, evolve, type RequestEvent, type RequestState } from '../domain/lifecycle/index.js';
import { REQUEST_TYPES, SUBMITTERS } from '../domain/request-types.js';
import { requiresDeclaration } from '../domain/verification-rules.js';
import { LANGUAGES } from '../mail/messages/index.js';
import type { ConsumerServiceDependencies } from './consumer-dependencies.js';
import { startEmailVerification } from './consumer-verification.js';
import { mailTopicOf } from './mail-topics.js';
import { isOptOutKind, recordOptOutPreferences } from './preferences.js';
import {
  AgentSchema,
  CorrectionSchema,
  DeclarationSchema,
  KnowScopeInputSchema,
  SubjectSchema,
  SubmitRequestInputSchema,
  type SubmitRequestInput,
} from './request-schemas.js';
import type { RequestSummary } from './request-summary.js';
import { submitRequest } from './submit-request.js';

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

export interface ConsumerSubmissionResult {
  summary: RequestSummary;
  /** False when an earlier identical submission or the same Idempotency-Key answered. */
  created: boolean;
}

/** Keeps two concurrent submissions of one type from one email from both getting through. */
const DUPLICATE_LOCK_NAMESPACE = 'consumer-submission';

export async function submitConsumerRequest(
  deps: ConsumerServiceDependencies,
  {
    submission,
    actor = { type: 'consumer', id: null },
    idempotencyKey,
  }: { submission: ConsumerSubmission; actor?: Actor; idempotencyKey?: string },
): Promise<ConsumerSubmissionResult> {
  const { input, language, declaration } = submission;
  const now = deps.clock.now();
  const email = input.subject.email.toLowerCase();
  const keyHash = idempotencyKey === undefined ? null : sha256(idempotencyKey);
  // Only a keyed submission needs it; canonical JSON of every body is measurable CPU (bench/intake.ts).
  const bodyHash =
    keyHash === null
      ? ''
      : sha256(canonicalize({ ...input, language, ...(declaration && { declaration }) }) ?? '');
  let created = true;

  const findExisting = async (tx: Transaction): Promise<PrivacyRequest | null> => {
    if (keyHash !== null) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`idempotency:${keyHash}`}))`;
      const replay = await tx.idempotencyKey.findUnique({ where: { keyHash } });
      if (replay !== null) {
        if (replay.bodyHash !== bodyHash) {
          throw new RuleConflictError(
            'IDEMPOTENCY.KEY_REUSED',
            'This Idempotency-Key was already used with a different request body',
          );
        }
        created = false;
        return tx.privacyRequest.findUniqueOrThrow({ where: { id: replay.requestId } });
      }
    }
    const duplicate = await findRecentDuplicate(deps, tx, input, email, now);
    if (duplicate === null) return null;
    created = false;
    if (keyHash !== null)
      await tx.idempotencyKey.create({ data: { keyHash, bodyHash, requestId: duplicate.id } });
    return duplicate;
  };

  const beforeAudit = async (tx: Transaction, request: LoadedRequest) => {
    if (keyHash !== null) {
      await tx.idempotencyKey.create({
        data: { keyHash, bodyHash, requestId: request.row.id, createdAt: now },
      });
    }
    return afterSubmission(deps, tx, request, input, actor, now);
  };

  const summary = await submitRequest(deps, {
    input,
    actor,
    extras: { language, declaration, findExisting, beforeAudit },
  });
  if (created) deps.wakeOutbox?.();
  return { summary, created };
}

async function findRecentDuplicate(
  deps: ConsumerServiceDependencies,
  tx: Transaction,
  input: SubmitRequestInput,
  email: string,
  now: Date,
): Promise<PrivacyRequest | null> {
  const windowMs = deps.consumer.duplicateWindowMinutes * 60_000;
  if (windowMs === 0) return null;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${DUPLICATE_LOCK_NAMESPACE}:${input.type}:${email}`}))`;
  const duplicateId = await findRecentRequestId(tx, {
    type: input.type,
    channel: 'web',
    submitter: input.submitter,
    emailNormalized: email,
    receivedSince: new Date(now.getTime() - windowMs),
  });
  return duplicateId === null ? null : tx.privacyRequest.findUniqueOrThrow({ where: { id: duplicateId } });
}

/** Everything the new request sets off, in its transaction. */
async function afterSubmission(
  deps: ConsumerServiceDependencies,
  tx: Transaction,
  request: LoadedRequest,
  input: SubmitRequestInput,
  actor: Actor,
  now: Date,
): Promise<{ row: PrivacyRequest; events: RequestEvent[] } | void> {
  const { state } = request;
  const agentPolicy = deps.policy.lifecycle.agentAuthorization;
  if (state.status === 'awaiting_verification') {
    await startEmailVerification(deps, { requestId: state.requestId, purpose: 'request_verification', tx });
    return;
  }
  if (state.status === 'awaiting_agent_authorization') {
    // Regs 7063(a)(2), (3): the consumer confirms the agent and verifies directly, by their own email.
    const asksConsumer =
      state.type !== 'opt_out' &&
      state.type !== 'limit' &&
      (agentPolicy.requireConsumerIdentityVerification || agentPolicy.requireConsumerPermissionConfirmation);
    if (asksConsumer) {
      await startEmailVerification(deps, {
        requestId: state.requestId,
        purpose: 'agent_authorization_confirmation',
        tx,
      });
    }
    return;
  }
  if (state.status === 'in_progress' && (state.type === 'opt_out' || state.type === 'limit')) {
    return applyOptOut(deps, tx, request, input, actor, now);
  }
}

/**
 * Opt-out and limit need no verification (Regs 7060(b)) and must take effect
 * within 15 business days (Regs 7026(f), 7027(g)). Writing the preference
 * record is the application itself: downstream systems honour it from the
 * moment it is committed. So the request is completed in the same transaction,
 * and the completion mail tells the consumer.
 */
async function applyOptOut(
  deps: ConsumerServiceDependencies,
  tx: Transaction,
  request: LoadedRequest,
  input: SubmitRequestInput,
  actor: Actor,
  now: Date,
): Promise<{ row: PrivacyRequest; events: RequestEvent[] }> {
  const { state } = request;
  if (!isOptOutKind(state.type)) throw new Error('Only opt-out requests are applied at once');
  await recordOptOutPreferences(tx, {
    kind: state.type,
    identities: {
      email: input.subject.email,
      phone: input.subject.phone,
      accountNumber: input.subject.accountNumber,
    },
    at: now,
  });
  const events = decide(
    state,
    { kind: 'complete', summary: 'Preference recorded and shared with our systems.' },
    now,
    deps.policy.lifecycle,
  );
  const next = events.reduce<RequestState>(evolve, state);
  await saveRequestState(tx, request, next);
  const topics = events.map(mailTopicOf).filter((topic) => topic !== null);
  await enqueueOutboxMessages(
    tx,
    topics.map((topic) => ({ topic, payload: { requestId: state.requestId } })),
    now,
  );
  // The audit events are appended by submitRequest, after the submission's.
  return { row: await tx.privacyRequest.findUniqueOrThrow({ where: { id: state.requestId } }), events };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
