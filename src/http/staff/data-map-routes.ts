// The data map, read-only (/staff/data-map): what officers and auditors answer category
// requests and privacy-policy questions from. It changes only with its file and a restart.

import type { FastifyPluginAsync } from 'fastify';
import { PERSONAL_INFORMATION_CATEGORIES } from '../../domain/fulfilment/data-map.js';
import { renderStaffPage } from './render.js';

const dataMapRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { action: 'data_map.view' } }, async (request, reply) =>
    renderStaffPage(request, reply, 'data-map', {
      title: 'Data map',
      source: app.deps.config.DATA_MAP_FILE ?? 'no DATA_MAP_FILE',
      systems: app.deps.dataMap.systems,
      categoryLabels: Object.fromEntries(
        Object.entries(PERSONAL_INFORMATION_CATEGORIES).map(([key, label]) => [key, label.en]),
      ),
    }),
  );
};

export default dataMapRoutes;
