// Where a webhook receiver that answered 202 posts its result: authenticated by the task's own
// bearer token (sent in the webhook body), not by a staff token.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TaskResultSchema } from '../../domain/fulfilment/task-result.js';
import { receiveTaskCallback } from '../../services/fulfilment/receive-task-callback.js';
import { authenticationRequired } from '../problem.js';
import { ProblemSchema } from '../problem.js';

const BEARER = /^Bearer ([a-f0-9]{64})$/;
/** Access results may carry many records. */
const CALLBACK_BODY_LIMIT = 5 * 1024 * 1024;

const fulfilmentCallbackRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/fulfilment/tasks/:taskId/result',
    {
      bodyLimit: CALLBACK_BODY_LIMIT,
      schema: {
        tags: ['fulfilment'],
        summary:
          "A receiver's result for a task it accepted with 202 (Authorization: Bearer <callbackToken>)",
        security: [{ bearerToken: [] }],
        params: z.object({ taskId: z.uuid() }),
        body: TaskResultSchema,
        response: {
          200: z.object({
            accepted: z.boolean().describe('false: the task had already ended; nothing changed'),
          }),
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      if (token === undefined) throw authenticationRequired();
      const accepted = await receiveTaskCallback(app.deps, {
        taskId: request.params.taskId,
        token,
        result: request.body,
      });
      return { accepted };
    },
  );
};

export default fulfilmentCallbackRoutes;
