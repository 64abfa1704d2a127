// Staff endpoints for fulfilment tasks: a request's tasks with their attempts and outcome, and
// what staff do to one (record an outcome, waive with a reason, retry a failed one).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { businessDateOf } from '../../domain/business-date.js';
import { TASK_STATUSES } from '../../domain/fulfilment/plan-tasks.js';
import {
  completeTask,
  ManualOutcomeInputSchema,
  retryTask,
  waiveTask,
  WaiveTaskInputSchema,
} from '../../services/fulfilment/task-actions.js';
import {
  findTaskFor,
  listTasksOfRequest,
  taskViewOf,
  type TaskViewer,
} from '../../services/fulfilment/task-views.js';
import type { ApiTokenPrincipal } from '../../services/api-tokens/authenticate-api-token.js';
import { ProblemSchema } from '../problem.js';
import { storableText } from '../../domain/storable-text.js';

const TaskSchema = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  systemKey: storableText(),
  systemName: storableText(),
  kind: z.enum(['access', 'delete', 'correct', 'notify_opt_out', 'notify_delete']),
  connector: z.enum(['postgres', 'webhook', 'manual']),
  status: z.enum(TASK_STATUSES),
  open: z.boolean(),
  dueDate: z.iso.date(),
  overdue: z.boolean(),
  attempts: z.number().int(),
  webhookId: storableText().describe('Standard Webhooks webhook-id, the same on every retry'),
  outcome: storableText().nullable().describe('done, no_data, retained, deleted or corrected'),
  exception: storableText().nullable().describe('Civ. 1798.105(d) exception when data was retained'),
  lastError: storableText().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  attemptHistory: z.array(
    z.object({
      number: z.number().int(),
      startedAt: z.iso.datetime(),
      finishedAt: z.iso.datetime(),
      outcome: storableText(),
      httpStatus: z.number().int().nullable(),
      error: storableText().nullable(),
    }),
  ),
});

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};
const security = [{ bearerToken: [] }];
const TaskParamsSchema = z.object({ taskId: z.uuid() });

/** An API token owns no system: a system_owner token sees no task (someone else's is a 404). */
function viewerOf(principal: ApiTokenPrincipal): TaskViewer {
  return { role: principal.role, email: null };
}

export const requestTaskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/tasks',
    {
      config: { action: 'task.list' },
      schema: {
        tags: ['fulfilment'],
        summary: "A request's fulfilment tasks: status, attempts and outcome per system",
        security,
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ tasks: z.array(TaskSchema) }), ...errors },
      },
    },
    async (request) => ({
      tasks: await listTasksOfRequest(app.deps, {
        requestId: request.params.id,
        viewer: viewerOf(request.principal!),
        today: businessDateOf(app.deps.clock.now(), app.deps.policy.lifecycle.timeZone),
      }),
    }),
  );
};

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  const today = () => businessDateOf(app.deps.clock.now(), app.deps.policy.lifecycle.timeZone);

  app.post(
    '/:taskId/complete',
    {
      config: { action: 'task.complete' },
      schema: {
        tags: ['fulfilment'],
        summary: 'Record the outcome of a task done by hand',
        security,
        params: TaskParamsSchema,
        body: ManualOutcomeInputSchema,
        response: { 200: TaskSchema, ...errors },
      },
    },
    async (request) => {
      const principal = request.principal!;
      await findTaskFor(app.deps, { taskId: request.params.taskId, viewer: viewerOf(principal) });
      const task = await completeTask(app.deps, {
        taskId: request.params.taskId,
        input: request.body,
        actor: principal.actor,
      });
      return taskViewOf(app.deps, task, today());
    },
  );

  app.post(
    '/:taskId/waive',
    {
      config: { action: 'task.waive' },
      schema: {
        tags: ['fulfilment'],
        summary: 'Waive an open task with a reason (audited); the request may then be completed',
        security,
        params: TaskParamsSchema,
        body: WaiveTaskInputSchema,
        response: { 200: TaskSchema, ...errors },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const actor = { type: 'api_token' as const, id: principal.tokenId };
      const task = await waiveTask(app.deps, { taskId: request.params.taskId, input: request.body, actor });
      return taskViewOf(app.deps, task, today());
    },
  );

  app.post(
    '/:taskId/retry',
    {
      config: { action: 'task.retry' },
      schema: {
        tags: ['fulfilment'],
        summary: 'Run a failed automated task again, with the same webhook-id and a new retry period',
        security,
        params: TaskParamsSchema,
        response: { 200: TaskSchema, ...errors },
      },
    },
    async (request) => {
      const task = await retryTask(app.deps, {
        taskId: request.params.taskId,
        actor: request.principal!.actor,
      });
      return taskViewOf(app.deps, task, today());
    },
  );
};
