// The Shine the Light suppression list (Civ. 1798.83(c)(2)) as a CSV download
// from the console, for officers and auditors; each download is audited.

import type { FastifyPluginAsync } from 'fastify';
import { sendDownload } from '../downloads.js';
import { exportSuppressionList } from '../../services/preferences/export-suppression-list.js';
import { staffActor } from './guard.js';

const suppressionListRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/suppression-list.csv',
    { config: { action: 'suppression_list.export' } },
    async (request, reply) => {
      const { csv } = await exportSuppressionList(app.deps, { actor: staffActor(request) });
      return sendDownload(reply, {
        fileName: 'suppression-list.csv',
        mediaType: 'text/csv; charset=utf-8',
        content: csv,
      });
    },
  );
};

export default suppressionListRoutes;
