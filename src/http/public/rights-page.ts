import type { FastifyInstance } from 'fastify';
import { businessContactOf } from './business-contact.js';
import { renderPage } from './page.js';
import { FORM_PATHS } from './request-form-routes.js';

/**
 * "Your Privacy Rights", also linked as "Your California Privacy Rights"
 * (Civ. 1798.83(b)): the rights, who may use them, how to ask, what follows, how long.
 */
export default async function rightsPage(app: FastifyInstance) {
  const contact = businessContactOf(app.deps.config);
  app.get('/', { schema: { hide: true } }, async (request, reply) =>
    renderPage(request, reply, 'rights', (t) => ({
      title: t('rights.title'),
      contact,
      formPaths: FORM_PATHS,
    })),
  );
}
