// Fulfilment tasks in the console (/staff/tasks): the open tasks, due first (a system owner
// sees their own systems' only), and one task's page, where its owner uploads an export or
// records the outcome, and an officer waives it with a reason or retries a failed one.

import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { businessDateOf } from '../../domain/business-date.js';
import { DomainError } from '../../domain/errors.js';
import { DELETION_EXCEPTIONS } from '../../domain/lifecycle/denial-rules.js';
import { exportMediaTypeOf, type ExportMediaType } from '../../services/fulfilment/export-type.js';
import {
  completeTask,
  ManualOutcomeInputSchema,
  retryTask,
  waiveTask,
  WaiveTaskInputSchema,
} from '../../services/fulfilment/task-actions.js';
import {
  findTaskFor,
  listOpenTasksFor,
  taskViewOf,
  type TaskViewer,
} from '../../services/fulfilment/task-views.js';
import { fieldErrorsOf } from '../posted-form.js';
import { can, principalOf, staffActor } from './guard.js';
import { renderStaffPage } from './render.js';

const ParamsSchema = z.object({ taskId: z.uuid() });
const TASK_LIST_LIMIT = 200;

interface Upload {
  buffer: Buffer;
  truncated: boolean;
}

function uploadOf(value: unknown): Upload | null {
  const upload = value as Upload | undefined;
  return upload && Buffer.isBuffer(upload.buffer) && upload.buffer.length > 0 ? upload : null;
}

function viewerOf(request: FastifyRequest): TaskViewer {
  const { user } = principalOf(request);
  return { role: user.role, email: user.email };
}

export default async function taskRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const maxBytes = deps.config.FULFILMENT_UPLOAD_MAX_BYTES;
  const today = () => businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);

  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
    async onFile(part: MultipartFile & { value?: unknown }) {
      part.value = { buffer: await part.toBuffer(), truncated: part.file.truncated } satisfies Upload;
    },
  });
  // A malformed multipart body is the client's fault: a 400, not an error page.
  app.setErrorHandler(async (error: FastifyError, request) => {
    if (error.statusCode === undefined && request.isMultipart()) error.statusCode = 400;
    throw error;
  });

  const showTask = async (
    request: FastifyRequest,
    reply: FastifyReply,
    taskId: string,
    failed: { form: string; errors: Record<string, string>; values: Record<string, unknown> } | null = null,
    status = 200,
  ) => {
    const task = await findTaskFor(deps, { taskId, viewer: viewerOf(request) });
    const view = taskViewOf(deps, task, today());
    return renderStaffPage(request, reply.status(status), 'task', {
      title: `Task: ${view.systemName}`,
      task: view,
      failed,
      done: typeof (request.query as { done?: unknown }).done === 'string',
      exceptions: DELETION_EXCEPTIONS,
      maxMegabytes: Math.floor(maxBytes / (1024 * 1024)),
      mayComplete: view.open && can(request, 'task.complete'),
      mayWaive: view.open && can(request, 'task.waive'),
      mayRetry: view.status === 'failed' && view.connector !== 'manual' && can(request, 'task.retry'),
      mayOpenRequest: can(request, 'request.read'),
    });
  };

  /**
   * Runs one action on a task, then shows the task again; a conflict (the task ended or
   * changed meanwhile) is shown on the form, under `field`, with what was typed.
   */
  const actOnTask = async (
    request: FastifyRequest,
    reply: FastifyReply,
    taskId: string,
    form: { form: string; field: string; values: Record<string, unknown> },
    act: () => Promise<unknown>,
  ) => {
    try {
      await act();
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'conflict') throw error;
      const failed = { form: form.form, errors: { [form.field]: error.message }, values: form.values };
      return showTask(request, reply, taskId, failed, 409);
    }
    return reply.redirect(`/staff/tasks/${taskId}?done=${form.form}`, 303);
  };

  app.get('/', { config: { action: 'task.list' } }, async (request, reply) => {
    const tasks = await listOpenTasksFor(deps, {
      viewer: viewerOf(request),
      today: today(),
      limit: TASK_LIST_LIMIT,
    });
    return renderStaffPage(request, reply, 'tasks', {
      title: 'Tasks',
      tasks,
      mayOpenRequest: can(request, 'request.read'),
    });
  });

  app.get('/:taskId', { config: { action: 'task.list' } }, async (request, reply) => {
    const params = ParamsSchema.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    return showTask(request, reply, params.data.taskId);
  });

  app.post(
    '/:taskId/complete',
    { config: { action: 'task.complete' }, preHandler: app.csrfProtection, bodyLimit: maxBytes + 64 * 1024 },
    async (request, reply) => {
      const params = ParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const { taskId } = params.data;
      await findTaskFor(deps, { taskId, viewer: viewerOf(request) });
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { outcome: body.outcome, exception: body.exception || undefined, note: body.note };
      const parsed = ManualOutcomeInputSchema.safeParse(values);
      const errors: Record<string, string> = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
      const upload = uploadOf(body.export);
      let mediaType: ExportMediaType | null = null;
      if (upload?.truncated)
        errors.export = `The file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB.`;
      else if (upload) {
        mediaType = await exportMediaTypeOf(upload.buffer);
        if (mediaType === null) errors.export = 'Upload a CSV, JSON or PDF file.';
      }
      if (!parsed.success || Object.keys(errors).length > 0) {
        return showTask(request, reply, taskId, { form: 'complete', errors, values }, 400);
      }
      return actOnTask(request, reply, taskId, { form: 'complete', field: 'outcome', values }, () =>
        completeTask(deps, {
          taskId,
          input: parsed.data,
          actor: staffActor(request),
          upload: upload && mediaType ? { mediaType, content: upload.buffer } : undefined,
        }),
      );
    },
  );

  app.post(
    '/:taskId/waive',
    { config: { action: 'task.waive' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const params = ParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const { taskId } = params.data;
      const values = { reason: (request.body as Record<string, unknown> | undefined)?.reason };
      const parsed = WaiveTaskInputSchema.safeParse(values);
      if (!parsed.success) {
        return showTask(
          request,
          reply,
          taskId,
          { form: 'waive', errors: fieldErrorsOf(parsed.error.issues), values },
          400,
        );
      }
      return actOnTask(request, reply, taskId, { form: 'waive', field: 'reason', values }, () =>
        waiveTask(deps, { taskId, input: parsed.data, actor: staffActor(request) }),
      );
    },
  );

  app.post(
    '/:taskId/retry',
    { config: { action: 'task.retry' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const params = ParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const { taskId } = params.data;
      return actOnTask(request, reply, taskId, { form: 'retry', field: 'retry', values: {} }, () =>
        retryTask(deps, { taskId, actor: staffActor(request) }),
      );
    },
  );
}
