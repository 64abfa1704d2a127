// Privacy officers record a known minor's opt-in to sale or sharing, or its
// refusal or withdrawal (docs/legal-rules.md#minors).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  MinorConsentInputSchema,
  recordMinorConsent,
} from '../../services/preferences/record-minor-consent.js';
import { ProblemSchema } from '../problem.js';

const minorConsentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      config: { action: 'minor_consent.record' },
      schema: {
        tags: ['staff requests'],
        summary:
          'Record a known minor’s opt-in to sale or sharing (by the consumer if 13–15, by a verified parent or guardian if under 13), or its refusal',
        security: [{ bearerToken: [] }],
        body: MinorConsentInputSchema,
        response: {
          200: z.object({ saleAllowed: z.boolean() }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) => recordMinorConsent(app.deps, { input: request.body, actor: request.principal!.actor }),
  );
};

export default minorConsentRoutes;
