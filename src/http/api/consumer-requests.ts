// The consumer's JSON API: submit a request, verify it with
// the emailed code or link, ask for a new code, and look up its status. No
// bearer token: these are what the public web forms do. No personal data in
// URLs: the reference is the only identifier in a path.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { RuleConflictError } from '../../domain/errors.js';
import { isAppliedWithoutVerification } from '../../domain/request-types.js';
import { confirmStatusLookup, requestStatusLookup } from '../../services/verification/look-up-status.js';
import { resendVerification } from '../../services/verification/resend-verification.js';
import { verifyWithCode, verifyWithLink } from '../../services/verification/verify-requester.js';
import {
  ConsumerSubmissionSchema,
  submitConsumerRequest,
} from '../../services/requests/submit-consumer-request.js';
import { HttpProblem, ProblemSchema, rateLimited } from '../problem.js';
import { checkRateLimits, type LimitedAction } from '../../services/rate-limits/check-rate-limits.js';
import {
  AcceptedSchema,
  CodeSchema,
  ConsumerReceiptSchema,
  ConsumerStatusSchema,
  ReferenceParamsSchema,
  ReferenceSchema,
} from './consumer-schemas.js';

const errors = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema };
const tags = ['consumer requests'];
const CONSUMER = { type: 'consumer', id: null } as const;

const IdempotencyHeadersSchema = z.object({
  'idempotency-key': storableText()
    .trim()
    .regex(/^[\x21-\x7e]{1,255}$/, { error: 'expected 1-255 visible ASCII characters' })
    .optional()
    .describe('The same key with the same body returns the same request'),
});

const consumerRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/requests',
    {
      schema: {
        tags,
        summary: 'Submit a privacy request (channel web); a code is emailed where verification is needed',
        headers: IdempotencyHeadersSchema,
        body: ConsumerSubmissionSchema,
        response: { 200: ConsumerReceiptSchema, 201: ConsumerReceiptSchema, ...errors },
      },
    },
    async (request, reply) => {
      const submission = request.body;
      await enforceRateLimits(app, request, reply, 'submit', submission.input.subject.email);
      const { summary, created } = await submitConsumerRequest(app.deps, {
        submission,
        actor: CONSUMER,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(created ? 201 : 200).send({
        reference: summary.reference,
        type: summary.type,
        status: summary.status,
        receivedAt: summary.receivedAt,
        deadlines: { acknowledgeBy: summary.deadlines.acknowledgeBy, respondBy: summary.deadlines.respondBy },
        verificationEmailSent:
          summary.status === 'awaiting_verification' ||
          (summary.status === 'awaiting_agent_authorization' && !isAppliedWithoutVerification(summary.type)),
      });
    },
  );

  app.post(
    '/requests/:reference/verification',
    {
      schema: {
        tags,
        summary: 'Verify with the 6-digit code from the email; answers the status',
        params: ReferenceParamsSchema,
        body: z.object({ code: CodeSchema }),
        response: { 200: ConsumerStatusSchema, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimits(app, request, reply, 'verify');
      return verifyWithCode(app.deps, {
        reference: request.params.reference,
        code: request.body.code,
        actor: CONSUMER,
      });
    },
  );

  app.post(
    '/requests/:reference/verification/resend',
    {
      schema: {
        tags,
        summary: 'Email a new code (after a cooldown)',
        params: ReferenceParamsSchema,
        body: z.object({}).nullish().describe('Optional: send no body, or {}'),
        response: { 202: AcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimits(app, request, reply, 'verify');
      try {
        await resendVerification(app.deps, { reference: request.params.reference });
      } catch (error) {
        if (error instanceof RuleConflictError && error.code === 'VERIFICATION.RESEND_TOO_SOON') {
          const seconds = Number(error.details.retryAfterSeconds ?? 1);
          reply.header('retry-after', String(seconds));
          throw new HttpProblem(429, error.code, error.message, seconds);
        }
        throw error;
      }
      return reply
        .status(202)
        .send({ accepted: true, message: 'If this request is waiting for a code, a new one is on its way.' });
    },
  );

  app.post(
    '/verification/link',
    {
      schema: {
        tags,
        summary: 'Verify with the token of the one-click link from the email',
        body: z.object({ token: storableText().trim().min(1).max(200) }),
        response: { 200: ConsumerStatusSchema, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimits(app, request, reply, 'verify');
      return verifyWithLink(app.deps, { token: request.body.token, actor: CONSUMER });
    },
  );

  app.post(
    '/status',
    {
      schema: {
        tags,
        summary: "Email a code to the request's address, to see its status",
        body: z.object({ reference: ReferenceSchema }),
        response: { 202: AcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimits(app, request, reply, 'status');
      await requestStatusLookup(app.deps, { reference: request.body.reference });
      return reply.status(202).send({
        accepted: true,
        message: 'If the reference exists, a code is on its way to its email address.',
      });
    },
  );

  app.post(
    '/status/confirm',
    {
      schema: {
        tags,
        summary: 'The status, deadlines and messages, with the code from the status email',
        body: z.object({ reference: ReferenceSchema, code: CodeSchema }),
        response: { 200: ConsumerStatusSchema, ...errors },
      },
    },
    async (request, reply) => {
      await enforceRateLimits(app, request, reply, 'status');
      return confirmStatusLookup(app.deps, request.body);
    },
  );
};

export default consumerRequestRoutes;

/** Refuses with 429 and Retry-After past a rate limit (the same counters as the forms'). */
async function enforceRateLimits(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  action: LimitedAction,
  email?: string,
): Promise<void> {
  const decision = await checkRateLimits(app.deps, { action, ip: request.ip, email });
  if (decision.allowed) return;
  reply.header('retry-after', String(decision.retryAfterSeconds));
  throw rateLimited(decision.retryAfterSeconds);
}
