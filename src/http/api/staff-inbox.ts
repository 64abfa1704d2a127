// The triage inbox through the API: the messages that wait for an officer,
// and the three ways to resolve one (docs/legal-rules.md#email-requests).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  attachTriageMessage,
  AttachTriageMessageSchema,
} from '../../services/inbound-mail/attach-triage-message.js';
import {
  createRequestFromTriage,
  CreateRequestFromTriageSchema,
} from '../../services/inbound-mail/create-request-from-triage.js';
import {
  dismissTriageMessage,
  DismissTriageMessageSchema,
} from '../../services/inbound-mail/dismiss-triage-message.js';
import { listTriageInbox } from '../../services/inbound-mail/list-triage-inbox.js';
import { ProblemSchema } from '../problem.js';
import { storableText } from '../../domain/storable-text.js';

const Signal = z.enum(['pass', 'fail', 'none', 'neutral', 'softfail', 'unknown']);

const InboxItemSchema = z.object({
  id: z.uuid(),
  from: storableText().nullable().describe('The sender’s address, lower-case'),
  fromName: storableText().nullable(),
  subject: storableText(),
  receivedAt: z.iso.datetime({ offset: true }).describe('Arrival: when the message’s clock started'),
  respondBy: z.iso.date().describe('The earliest date any request type received then would be due'),
  text: storableText(),
  html: storableText().nullable().describe('The HTML part, sanitized (formatting and links only)'),
  authentication: z
    .object({ spf: Signal, dkim: Signal, dmarc: Signal })
    .describe('"unknown" when not checkable'),
  attachments: z.array(
    z.object({ filename: storableText(), mediaType: storableText(), byteSize: z.number().int() }),
  ),
  reason: storableText().nullable().describe('Why the message was not decided automatically'),
});

const InboxPageSchema = z.object({
  items: z.array(InboxItemSchema),
  nextCursor: storableText().nullable(),
});

const InboxQuerySchema = z.object({
  cursor: storableText().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const ParamsSchema = z.object({ id: z.uuid() });
const ResolvedSchema = z.object({ requestId: z.uuid() });

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};
const security = [{ bearerToken: [] }];
const tags = ['staff inbox'];

const staffInboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'inbox.view' },
      schema: {
        tags,
        summary: 'Messages to the privacy addresses waiting for an officer, oldest first',
        security,
        querystring: InboxQuerySchema,
        response: { 200: InboxPageSchema, ...errors },
      },
    },
    async (request) => {
      const page = await listTriageInbox(app.deps, {
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
      return { items: page.items, nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/:id/request',
    {
      config: { action: 'inbox.resolve' },
      schema: {
        tags,
        summary: 'Create a request from the message, received when the message arrived',
        security,
        params: ParamsSchema,
        body: CreateRequestFromTriageSchema,
        response: { 201: ResolvedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createRequestFromTriage(app.deps, {
        inboundMessageId: request.params.id,
        input: request.body,
        actor: request.principal!.actor,
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/:id/attach',
    {
      config: { action: 'inbox.resolve' },
      schema: {
        tags,
        summary: 'Attach the message to an existing request, as its requester’s message',
        security,
        params: ParamsSchema,
        body: AttachTriageMessageSchema,
        response: { 200: ResolvedSchema, ...errors },
      },
    },
    async (request) =>
      attachTriageMessage(app.deps, {
        inboundMessageId: request.params.id,
        reference: request.body.reference,
        actor: request.principal!.actor,
      }),
  );

  app.post(
    '/:id/dismiss',
    {
      config: { action: 'inbox.resolve' },
      schema: {
        tags,
        summary: 'Mark the message not a request, with a reason (audited)',
        security,
        params: ParamsSchema,
        body: DismissTriageMessageSchema,
        response: { 204: z.null().describe('Resolved'), ...errors },
      },
    },
    async (request, reply) => {
      await dismissTriageMessage(app.deps, {
        inboundMessageId: request.params.id,
        reason: request.body.reason,
        actor: request.principal!.actor,
      });
      return reply.status(204).send(null);
    },
  );
};

export default staffInboxRoutes;
