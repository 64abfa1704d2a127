// One request (/staff/requests/:id): everything about it, and the actions its
// status and the viewer's role allow. Every action goes through the services
// the API uses (applyRequestCommand, ...); a refused one re-renders the page
// with the form's values and the reason.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../downloads.js';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { DomainError } from '../../domain/errors.js';
import { businessDateOf } from '../../domain/business-date.js';
import { listTasksOfRequest } from '../../services/fulfilment/task-views.js';
import { applyRequestCommand } from '../../services/requests/apply-request-command.js';
import { addRequestNote, NoteInputSchema } from '../../services/requests/add-request-note.js';
import { assignRequests } from '../../services/requests/assign-requests.js';
import {
  MoreInformationInputSchema,
  requestMoreInformation,
} from '../../services/requests/request-more-information.js';
import {
  REQUEST_ACTION_INPUT_SCHEMAS,
  type RequestAction,
} from '../../services/requests/request-action-schemas.js';
import { loadRequestPage, viewAgentDocument } from '../../services/requests/staff-request-page.js';
import { markConversationRead } from '../../services/conversations/mark-conversation-read.js';
import { principalOf, staffActor } from './guard.js';
import { fieldErrorsOf } from '../posted-form.js';
import { renderStaffPage } from './render.js';
import {
  LIFECYCLE_ACTIONS,
  REQUEST_PAGE_ACTIONS,
  requestPageView,
  type LifecycleAction,
} from './request-view.js';

const ParamsSchema = z.object({ id: z.uuid() });
/** The file name an agent document downloads under; never the name the uploader gave. */
const DOCUMENT_EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};
const DocumentParamsSchema = z.object({ id: z.uuid(), documentId: z.uuid() });

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const checkbox = z.preprocess((value) => value === 'on' || value === 'true', z.boolean());
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** HTML forms send text and repeated fields; these turn them into the API's bodies. */
const FORM_BODIES: Record<LifecycleAction, z.ZodType> = {
  record_agent_authorization: z.object({ step: storableText() }),
  verify: z.object({
    method: storableText(),
    dataPoints: z.preprocess(asArray, z.array(storableText())),
    emailControlProven: checkbox,
    declarationSigned: checkbox,
    declarationSignedName: z.preprocess(blankToUndefined, storableText().optional()),
  }),
  mark_unverifiable: z.object({
    method: storableText(),
    dataPoints: z.preprocess(asArray, z.array(storableText())),
    emailControlProven: checkbox,
    declarationSigned: checkbox,
  }),
  raise_verification_level: z.object({ basis: storableText(), reason: storableText() }),
  start: z.object({}),
  extend: z.object({ reason: storableText() }),
  deny: z.object({
    reasonCode: storableText(),
    explanation: storableText(),
    exception: z.preprocess(blankToUndefined, storableText().optional()),
  }),
  // Regs 7024(h): a ground chosen refuses the part of a request to know before the 12 months.
  complete: z
    .object({
      summary: storableText(),
      olderDataGround: z.preprocess(blankToUndefined, storableText().optional()),
      olderDataExplanation: storableText().default(''),
    })
    .transform(({ summary, olderDataGround, olderDataExplanation }) => ({
      summary,
      ...(olderDataGround === undefined
        ? {}
        : { olderDataRefusal: { ground: olderDataGround, explanation: olderDataExplanation } }),
    })),
  withdraw: z.object({}),
};

const requestRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;

  async function renderRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    requestId: string,
    failed: { action: string; values: unknown; errors: Record<string, string> } | null = null,
  ) {
    const principal = principalOf(request);
    const data = await loadRequestPage(deps, { requestId, actor: staffActor(request) });
    const view = requestPageView(deps, principal.user.role, data);
    // Those who answer the requester have now seen their replies.
    if (view.actions.request_information === true) await markConversationRead(deps, { requestId });
    const tasks = await listTasksOfRequest(deps, {
      requestId,
      viewer: { role: principal.user.role, email: principal.user.email },
      today: businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone),
    });
    return renderStaffPage(request, reply, 'request', {
      title: `Request ${data.detail.reference}`,
      view,
      tasks,
      mapHasSystems: deps.dataMap.systems.length > 0,
      readyToComplete: view.open && tasks.length > 0 && tasks.every((task) => !task.open),
      failed,
      done:
        typeof (request.query as { done?: unknown }).done === 'string'
          ? (request.query as { done: string }).done
          : null,
    });
  }

  app.get('/:id', { config: { action: 'request.read' } }, async (request, reply) => {
    const { id } = ParamsSchema.parse(request.params);
    return renderRequest(request, reply, id);
  });

  app.get('/:id/documents/:documentId', { config: { action: 'document.view' } }, async (request, reply) => {
    const { id, documentId } = DocumentParamsSchema.parse(request.params);
    const document = await viewAgentDocument(deps, { requestId: id, documentId, actor: staffActor(request) });
    return sendDownload(reply, {
      fileName: `agent-document-${documentId}.${DOCUMENT_EXTENSIONS[document.mediaType] ?? 'bin'}`,
      mediaType: document.mediaType,
      content: Buffer.from(document.content),
    });
  });

  /** Runs an action; on a refusal re-renders the page with the form's values and what went wrong. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    action: string,
    run: (requestId: string) => Promise<unknown>,
  ) {
    const { id } = ParamsSchema.parse(request.params);
    try {
      await run(id);
    } catch (error) {
      const errors =
        error instanceof z.ZodError
          ? fieldErrorsOf(error.issues)
          : error instanceof DomainError && error.kind !== 'not_found'
            ? {
                form: error.message,
                ...(typeof error.details.field === 'string' ? { [error.details.field]: error.message } : {}),
              }
            : null;
      if (errors === null) throw error;
      return renderRequest(
        request,
        reply.status(error instanceof DomainError && error.kind === 'conflict' ? 409 : 400),
        id,
        {
          action,
          values: request.body ?? {},
          errors,
        },
      );
    }
    // Mail the action queued (an extension notice, a completion) leaves now rather than at the next poll.
    return reply.redirect(`/staff/requests/${id}?done=${action}`, 303);
  }

  for (const action of LIFECYCLE_ACTIONS) {
    app.post(
      `/:id/${action.replaceAll('_', '-')}`,
      {
        config: { action: REQUEST_PAGE_ACTIONS[action], form: FORM_BODIES[action] },
        preHandler: app.csrfProtection,
      },
      async (request, reply) =>
        act(request, reply, action, async (requestId) => {
          const form = FORM_BODIES[action].parse(request.body ?? {});
          const body = REQUEST_ACTION_INPUT_SCHEMAS[action].parse(form);
          await applyRequestCommand(deps, {
            requestId,
            action: { kind: action, ...(body as object) } as RequestAction,
            actor: staffActor(request),
          });
        }),
    );
  }

  app.post(
    '/:id/assign',
    { config: { action: 'request.assign' }, preHandler: app.csrfProtection },
    async (request, reply) =>
      act(request, reply, 'assign', async (requestId) => {
        const { assigneeId, version } = z
          .object({
            assigneeId: z.union([z.literal('unassigned'), z.uuid()]),
            /** The version the page showed, when it sends one: a newer assignment is not overwritten. */
            version: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()),
          })
          .parse(request.body ?? {});
        await assignRequests(deps, {
          requests: [{ id: requestId, ...(version === undefined ? {} : { version }) }],
          assigneeId: assigneeId === 'unassigned' ? null : assigneeId,
          actor: staffActor(request),
        });
      }),
  );

  app.post(
    '/:id/notes',
    { config: { action: 'note.create', form: NoteInputSchema }, preHandler: app.csrfProtection },
    async (request, reply) =>
      act(request, reply, 'note', async (requestId) => {
        const { body } = NoteInputSchema.parse(request.body ?? {});
        await addRequestNote(deps, { requestId, body, actor: staffActor(request) });
      }),
  );

  app.post(
    '/:id/request-information',
    {
      config: { action: 'request.request_information', form: MoreInformationInputSchema },
      preHandler: app.csrfProtection,
    },
    async (request, reply) =>
      act(request, reply, 'request_information', async (requestId) => {
        const { message, confirmLanguage } = MoreInformationInputSchema.parse(request.body ?? {});
        await requestMoreInformation(deps, {
          requestId,
          message,
          confirmLanguage,
          actor: staffActor(request),
        });
      }),
  );
};

export default requestRoutes;
