// The triage inbox (/staff/inbox): received messages that are not yet a
// request, a reply or automatic, oldest first with their running deadlines;
// and the requests whose requesters wrote back, waiting for their officer.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../downloads.js';
import { z } from 'zod';
import { REQUEST_TYPES } from '../../domain/request-types.js';
import { DomainError } from '../../domain/errors.js';
import { listUnreadReplies } from '../../services/conversations/list-unread-replies.js';
import { listParentOptIns } from '../../services/preferences/list-parent-opt-ins.js';
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
import { openTriageAttachment } from '../../services/inbound-mail/open-triage-attachment.js';
import { fieldErrorsOf, formBodyOf } from '../posted-form.js';
import { principalOf, staffActor } from './guard.js';
import { renderStaffPage } from './render.js';
import { storableText } from '../../domain/storable-text.js';

const PAGE_SIZE = 25;
const ParamsSchema = z.object({ id: z.uuid() });
const AttachmentParamsSchema = z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(99) });
const QuerySchema = z.object({
  after: storableText().max(500).optional().catch(undefined),
  done: z.enum(['request_created', 'attached', 'not_a_request']).optional().catch(undefined),
});

interface FailedAction {
  id: string;
  action: string;
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

/** The console's flat agent fields as the service reads them; a blank name is no name. */
function agentFieldsOf(body: Record<string, unknown>) {
  const given = (field: string) => (body[field] === '' ? undefined : body[field]);
  return {
    attachment: body.agentAttachment === undefined ? undefined : Number(body.agentAttachment),
    documentKind: body.agentDocumentKind,
    consumer: {
      firstName: given('consumerFirstName'),
      lastName: given('consumerLastName'),
      email: body.consumerEmail,
    },
  };
}

const inboxRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;

  async function renderInbox(
    request: FastifyRequest,
    reply: FastifyReply,
    failed: FailedAction | null = null,
  ) {
    const query = QuerySchema.parse(request.query ?? {});
    const page = await listTriageInbox(deps, { cursor: query.after, limit: PAGE_SIZE });
    const replies = await listUnreadReplies(deps, { assigneeId: principalOf(request).user.id });
    const parentOptIns = await listParentOptIns(deps);
    return renderStaffPage(request, reply, 'inbox', {
      title: 'Inbox',
      items: page.items,
      total: page.total,
      nextPageQuery: page.nextCursor === null ? null : `?after=${page.nextCursor}`,
      replies,
      parentOptIns,
      types: REQUEST_TYPES,
      done: query.done ?? null,
      failed,
    });
  }

  app.get('/', { config: { action: 'inbox.view' } }, (request, reply) => renderInbox(request, reply));

  app.get('/:id/attachments/:index', { config: { action: 'inbox.view' } }, async (request, reply) => {
    const params = AttachmentParamsSchema.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    const { id, index } = params.data;
    const file = await openTriageAttachment(app.deps, {
      inboundMessageId: id,
      index,
      actor: staffActor(request),
    });
    return sendDownload(reply, {
      fileName: `message-attachment-${index + 1}`,
      mediaType: file.mediaType,
      content: file.content,
    });
  });

  /** Runs a resolution; on a refusal re-renders the inbox with the message's form and what went wrong. */
  async function resolve(
    request: FastifyRequest,
    reply: FastifyReply,
    action: 'request_created' | 'attached' | 'not_a_request',
    run: (id: string, body: Record<string, unknown>) => Promise<unknown>,
  ) {
    const params = ParamsSchema.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    const body = formBodyOf(request.body) as Record<string, unknown>;
    try {
      await run(params.data.id, body);
    } catch (error) {
      const errors =
        error instanceof z.ZodError
          ? fieldErrorsOf(error.issues)
          : error instanceof DomainError && error.kind !== 'not_found'
            ? { form: error.message }
            : null;
      if (errors === null) throw error;
      const status = error instanceof DomainError && error.kind === 'conflict' ? 409 : 400;
      return renderInbox(request, reply.status(status), { id: params.data.id, action, values: body, errors });
    }
    return reply.redirect(`/staff/inbox?done=${action}`, 303);
  }

  const guarded = { config: { action: 'inbox.resolve' }, preHandler: app.csrfProtection } as const;
  app.post('/:id/create-request', guarded, (request, reply) =>
    resolve(request, reply, 'request_created', async (id, body) => {
      const input = CreateRequestFromTriageSchema.parse({
        type: body.type,
        ...(body.language ? { language: body.language } : {}),
        ...(body.asAgent ? { agent: agentFieldsOf(body) } : {}),
      });
      await createRequestFromTriage(deps, { inboundMessageId: id, input, actor: staffActor(request) });
    }),
  );
  app.post('/:id/attach', guarded, (request, reply) =>
    resolve(request, reply, 'attached', async (id, body) => {
      const { reference } = AttachTriageMessageSchema.parse(body);
      await attachTriageMessage(deps, { inboundMessageId: id, reference, actor: staffActor(request) });
    }),
  );
  app.post('/:id/dismiss', guarded, (request, reply) =>
    resolve(request, reply, 'not_a_request', async (id, body) => {
      const { reason } = DismissTriageMessageSchema.parse(body);
      await dismissTriageMessage(deps, { inboundMessageId: id, reason, actor: staffActor(request) });
    }),
  );
};

export default inboxRoutes;
