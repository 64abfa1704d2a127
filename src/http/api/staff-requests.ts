// Staff and integration endpoints for requests: log a request received by phone,
// mail, email or in person; read one; act on it; list the queue.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Action } from '../../domain/access-policy.js';
import { listQueue } from '../../services/queue/list-queue.js';
import { applyRequestCommand } from '../../services/requests/apply-request-command.js';
import { getRequest } from '../../services/requests/get-request.js';
import {
  REQUEST_ACTION_INPUT_SCHEMAS,
  type RequestAction,
  type RequestActionKind,
} from '../../services/requests/request-action-schemas.js';
import { SubmitRequestInputSchema } from '../../services/requests/request-schemas.js';
import { submitRequest } from '../../services/requests/submit-request.js';
import { ProblemSchema } from '../problem.js';
import {
  ListRequestsQuerySchema,
  RequestDetailSchema,
  RequestPageSchema,
  RequestSummarySchema,
} from './staff-request-schemas.js';

/** Staff log what reached them outside the web forms; web and GPC requests come from consumers. */
const STAFF_CHANNELS = ['phone', 'email', 'mail', 'in_person'] as const;

const StaffSubmissionSchema = SubmitRequestInputSchema.and(z.object({ channel: z.enum(STAFF_CHANNELS) }));

const RequestParamsSchema = z.object({ id: z.uuid() });

/** The actions staff take through the API, with the permission each needs. */
const STAFF_ACTIONS = {
  verify: 'request.verify',
  mark_unverifiable: 'request.verify',
  raise_verification_level: 'request.verify',
  record_agent_authorization: 'request.verify',
  start: 'request.start',
  extend: 'request.extend',
  complete: 'request.complete',
  deny: 'request.deny',
  withdraw: 'request.withdraw',
} as const satisfies Partial<Record<RequestActionKind, Action>>;

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};
const security = [{ bearerToken: [] }];

const staffRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      config: { action: 'request.create' },
      schema: {
        tags: ['staff requests'],
        summary: 'Log a request received by phone, email, mail or in person',
        security,
        body: StaffSubmissionSchema,
        response: { 201: RequestSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const summary = await submitRequest(app.deps, {
        input: request.body,
        actor: request.principal!.actor,
      });
      return reply.status(201).send(summary);
    },
  );

  app.get(
    '/',
    {
      config: { action: 'request.list' },
      schema: {
        tags: ['staff requests'],
        summary: 'The queue: open and closed requests, nearest response deadline first',
        security,
        querystring: ListRequestsQuerySchema,
        response: { 200: RequestPageSchema, ...errors },
      },
    },
    async (request) => listQueue(app.deps, request.query),
  );

  app.get(
    '/:id',
    {
      config: { action: 'request.read' },
      schema: {
        tags: ['staff requests'],
        summary:
          'One request with its deadlines, their explanations and its audit history (the viewing is audited)',
        security,
        params: RequestParamsSchema,
        response: { 200: RequestDetailSchema, ...errors },
      },
    },
    async (request) =>
      getRequest(app.deps, { requestId: request.params.id, actor: request.principal!.actor }),
  );

  for (const [kind, action] of Object.entries(STAFF_ACTIONS) as [keyof typeof STAFF_ACTIONS, Action][]) {
    app.post(
      `/:id/${kind}`,
      {
        config: { action },
        schema: {
          tags: ['staff requests'],
          summary: `Apply "${kind}" to a request, if its status and type allow it`,
          security,
          params: RequestParamsSchema,
          body: REQUEST_ACTION_INPUT_SCHEMAS[kind],
          response: { 200: RequestSummarySchema, ...errors },
        },
      },
      async (request) =>
        applyRequestCommand(app.deps, {
          requestId: request.params.id,
          action: { kind, ...(request.body as object) } as RequestAction,
          actor: request.principal!.actor,
        }),
    );
  }
};

export default staffRequestRoutes;
