import type { FastifyPluginAsync } from 'fastify';
import { guardWithBearerTokens } from './access.js';
import consumerRequestRoutes from './consumer-requests.js';
import minorConsentRoutes from './minor-consents.js';
import fulfilmentCallbackRoutes from './fulfilment-callbacks.js';
import { requestTaskRoutes, taskRoutes } from './fulfilment-tasks.js';
import preferenceRoutes from './preferences.js';
import staffInboxRoutes from './staff-inbox.js';
import staffRequestRoutes from './staff-requests.js';
import suppressionListRoutes from './suppression-list.js';

/** The JSON API under /api/v1. Staff and integration routes take bearer tokens. */
const apiRoutes: FastifyPluginAsync = async (api) => {
  // An empty body sent as JSON is no body: a route whose body is optional accepts it, and one
  // that needs a body says so as a validation issue. Anything else is parsed as Fastify does.
  const parseJson = api.getDefaultJsonParser('error', 'error');
  api.removeContentTypeParser('application/json');
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  await api.register(async (staffArea) => {
    guardWithBearerTokens(staffArea);
    await staffArea.register(staffRequestRoutes, { prefix: '/staff/requests' });
    await staffArea.register(staffInboxRoutes, { prefix: '/staff/inbox' });
    await staffArea.register(requestTaskRoutes, { prefix: '/staff/requests' });
    await staffArea.register(taskRoutes, { prefix: '/staff/tasks' });
    await staffArea.register(preferenceRoutes, { prefix: '/preferences' });
    await staffArea.register(minorConsentRoutes, { prefix: '/staff/minor-consents' });
    await staffArea.register(suppressionListRoutes, { prefix: '/staff/suppression-list' });
  });
  await api.register(consumerRequestRoutes);
  await api.register(fulfilmentCallbackRoutes);
};

export default apiRoutes;
