import type { FastifyInstance } from 'fastify';
import { isAppliedWithoutVerification } from '../../domain/request-types.js';
import { renderPage } from './page.js';
import { grantedStatusOf, writtenDatesOf } from './request-access.js';

/**
 * After a submission: the reference, what happens next, and the legal time frame
 * from the request's own due dates (docs/legal-rules.md#deadlines). Only the
 * browser that just submitted it sees it, so a guessed reference shows nothing.
 */
export default async function confirmationPages(app: FastifyInstance) {
  app.get('/confirmation', { schema: { hide: true } }, async (request, reply) =>
    renderPage(request, reply, 'received', (t) => ({ title: t('confirmation.receivedTitle') })),
  );

  app.get<{ Params: { reference: string } }>(
    '/confirmation/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const view = await grantedStatusOf(app, request, 'confirmation', request.params.reference);
      if (view === null) return reply.redirect('/status', 303);
      return renderPage(request, reply, 'confirmation', (t, language) => {
        const dates = writtenDatesOf(view, language);
        return {
          title: t('confirmation.title'),
          reference: view.reference,
          next:
            view.status === 'awaiting_verification'
              ? t('confirmation.nextVerify')
              : view.status === 'awaiting_agent_authorization'
                ? t('confirmation.nextAgent')
                : t('confirmation.nextNoVerify'),
          verifyHref: view.status === 'awaiting_verification' ? `/verify/${view.reference}` : null,
          timeline: [
            dates.acknowledgeBy && t('confirmation.acknowledgeBy', { date: dates.acknowledgeBy }),
            isAppliedWithoutVerification(view.type)
              ? t('confirmation.respondByOptOut', { date: dates.respondBy })
              : t('confirmation.respondBy', { date: dates.respondBy }),
            dates.extendedRespondBy && t('confirmation.extension', { date: dates.extendedRespondBy }),
          ].filter(Boolean),
        };
      });
    },
  );
}
