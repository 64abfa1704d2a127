import type { FastifyInstance } from 'fastify';
import { findConsumerStatus } from '../../services/verification/consumer-status.js';
import { normalizeReference } from '../../domain/reference.js';
import { isGranted, SUBMITTED_COOKIE } from './cookies.js';
import { formatDate } from './dates.js';
import { renderPage } from './page.js';

const OPT_OUT_TYPES: readonly string[] = ['opt_out', 'limit'];

/**
 * After a submission: the reference, what happens next, and the legal time frame
 * from the request's own due dates (LEGAL-RULES §2). Only the browser that just
 * submitted it sees it (a short-lived signed cookie), so a guessed reference shows nothing.
 */
export default async function confirmationPages(app: FastifyInstance) {
  app.get('/confirmation', { schema: { hide: true } }, async (request, reply) =>
    renderPage(request, reply, 'received', (t) => ({ title: t('confirmation.receivedTitle') })),
  );

  app.get<{ Params: { reference: string } }>(
    '/confirmation/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const reference = normalizeReference(request.params.reference.slice(0, 40));
      if (reference === null || !isGranted(request, SUBMITTED_COOKIE, reference)) {
        return reply.redirect('/status', 303);
      }
      const row = await findConsumerStatus(app.deps, reference);
      if (row === null) return reply.redirect('/status', 303);
      return renderPage(request, reply, 'confirmation', (t, lang) => {
        const date = (value: string | null) => (value === null ? null : formatDate(value, lang));
        const acknowledgeBy = date(row.deadlines.acknowledgeBy);
        const respondBy = date(row.deadlines.respondBy) ?? '';
        const extendedRespondBy = date(row.deadlines.extendedRespondBy);
        return {
          title: t('confirmation.title'),
          reference,
          next:
            row.status === 'awaiting_verification'
              ? t('confirmation.nextVerify')
              : row.status === 'awaiting_agent_authorization'
                ? t('confirmation.nextAgent')
                : t('confirmation.nextNoVerify'),
          verifyHref: row.status === 'awaiting_verification' ? `/verify/${reference}` : null,
          timeline: [
            acknowledgeBy && t('confirmation.acknowledgeBy', { date: acknowledgeBy }),
            OPT_OUT_TYPES.includes(row.type)
              ? t('confirmation.respondByOptOut', { date: respondBy })
              : t('confirmation.respondBy', { date: respondBy }),
            extendedRespondBy && t('confirmation.extension', { date: extendedRespondBy }),
          ].filter(Boolean),
        };
      });
    },
  );
}
