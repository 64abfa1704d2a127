import type { FastifyPluginAsync } from 'fastify';
import { guardWithBearerTokens } from './access.js';
import consumerRequestRoutes from './consumer-requests.js';
import fulfilmentCallbackRoutes from './fulfilment-callbacks.js';
import { requestTaskRoutes, taskRoutes } from './fulfilment-tasks.js';
import preferenceRoutes from './preferences.js';
import staffRequestRoutes from './staff-requests.js';

/** The JSON API under /api/v1. Staff and integration routes take bearer tokens. */
const apiRoutes: FastifyPluginAsync = async (api) => {
  await api.register(async (staffArea) => {
    guardWithBearerTokens(staffArea);
    await staffArea.register(staffRequestRoutes, { prefix: '/staff/requests' });
    await staffArea.register(requestTaskRoutes, { prefix: '/staff/requests' });
    await staffArea.register(taskRoutes, { prefix: '/staff/tasks' });
    await staffArea.register(preferenceRoutes, { prefix: '/preferences' });
  });
  await api.register(consumerRequestRoutes);
  await api.register(fulfilmentCallbackRoutes);
};

export default apiRoutes;
