import type { FastifyPluginAsync } from 'fastify';
import { guardWithBearerTokens } from './access.js';
import consumerRequestRoutes from './consumer-requests.js';
import preferenceRoutes from './preferences.js';
import staffInboxRoutes from './staff-inbox.js';
import staffRequestRoutes from './staff-requests.js';

/** The JSON API under /api/v1. Staff and integration routes take bearer tokens. */
const apiRoutes: FastifyPluginAsync = async (api) => {
  await api.register(async (staffArea) => {
    guardWithBearerTokens(staffArea);
    await staffArea.register(staffRequestRoutes, { prefix: '/staff/requests' });
    await staffArea.register(staffInboxRoutes, { prefix: '/staff/inbox' });
    await staffArea.register(preferenceRoutes, { prefix: '/preferences' });
  });
  await api.register(consumerRequestRoutes);
};

export default apiRoutes;
