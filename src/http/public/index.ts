import type { FastifyInstance } from 'fastify';
import accessReportPages from './access-report.js';
import agentFormRoutes from './agent-form-routes.js';
import confirmationPages from './confirmation.js';
import gpcDeclaration from './gpc-declaration.js';
import languageSwitch from './language.js';
import minorConsentPages from './minor-consent.js';
import requestFormRoutes from './request-form-routes.js';
import rightsPage from './rights-page.js';
import statusPages from './status.js';
import verificationPages from './verification.js';

/**
 * The consumer's pages: server-rendered, in English and Spanish, working
 * without JavaScript. Every form posts with a CSRF token and a honeypot field, and
 * is validated in its handler so that it can be shown again with the values typed
 * and a message on each field.
 */
export default async function publicRoutes(app: FastifyInstance) {
  await app.register(rightsPage);
  await app.register(requestFormRoutes);
  await app.register(agentFormRoutes);
  await app.register(confirmationPages);
  await app.register(verificationPages);
  await app.register(statusPages);
  await app.register(minorConsentPages);
  await app.register(languageSwitch);
  await app.register(gpcDeclaration);
  await app.register(accessReportPages);
}
