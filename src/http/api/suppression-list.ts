// The Shine the Light suppression list (Civ. 1798.83(c)(2)) as a CSV download
// for officers and auditors; each export is audited.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { storableText } from '../../domain/storable-text.js';
import {
  exportSuppressionList,
  SUPPRESSION_LIST_COLUMNS,
} from '../../services/preferences/export-suppression-list.js';
import { sendDownload } from '../downloads.js';
import { ProblemSchema } from '../problem.js';

const suppressionListRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'suppression_list.export' },
      schema: {
        tags: ['staff'],
        summary: 'The Shine the Light suppression list as CSV: each identity and when it was added',
        security: [{ bearerToken: [] }],
        response: {
          200: {
            description: `CSV with the header ${SUPPRESSION_LIST_COLUMNS.join(',')}; added_at is an ISO instant`,
            content: { 'text/csv': { schema: storableText() } },
          },
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { csv } = await exportSuppressionList(app.deps, { actor: request.principal!.actor });
      return sendDownload(reply, {
        fileName: 'suppression-list.csv',
        mediaType: 'text/csv; charset=utf-8',
        content: csv,
      });
    },
  );
};

export default suppressionListRoutes;
