import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { confirmStatusLookup, requestStatusLookup } from '../../services/verification/look-up-status.js';
import { formBodyOf, textOf } from '../posted-form.js';
import { answerCodeForm } from './code-form.js';
import { isRateLimited, renderFormPage, renderPage } from './page.js';
import { grantedStatusOf, referenceOf, writtenDatesOf } from './request-access.js';

const OUTCOMES: Partial<Record<string, MessageKey>> = {
  completed: 'statusPage.outcomeCompleted',
  denied: 'statusPage.outcomeDenied',
  closed_unverified: 'statusPage.outcomeClosed',
};

const STEPS = {
  lookup: { template: 'status-lookup', title: 'statusPage.title' },
  code: { template: 'status-code', title: 'statusPage.codeTitle' },
} as const;

/**
 * Status lookup: reference, then a one-time code sent to the request's email,
 * then status, due dates and messages. Nothing about a request is shown, nor
 * whether it exists, before the code.
 */
export default async function statusPages(app: FastifyInstance) {
  /** The two steps before the status: the reference, then the code. */
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    step: keyof typeof STEPS,
    values: { reference: string; code?: string },
    error?: MessageKey,
    status = 200,
  ) => renderFormPage(request, reply, { ...STEPS[step], values, error }, status);

  app.get('/status', { schema: { hide: true } }, async (request, reply) =>
    show(request, reply, 'lookup', { reference: '' }),
  );

  app.post('/status', { schema: { hide: true }, preHandler: app.csrfProtection }, async (request, reply) => {
    const typed = textOf(formBodyOf(request.body), 'reference').trim().slice(0, 40);
    const reference = referenceOf(typed);
    if (reference === null) {
      return show(request, reply, 'lookup', { reference: typed }, 'errors.reference', 400);
    }
    if (await isRateLimited(app, request, 'status')) {
      return show(request, reply, 'lookup', { reference: typed }, 'errors.rateLimited', 429);
    }
    await requestStatusLookup(app.deps, { reference });
    return reply.redirect(`/status/${reference}/code`, 303);
  });

  app.get<{ Params: { reference: string } }>(
    '/status/:reference/code',
    { schema: { hide: true } },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      if (reference === null) return reply.redirect('/status', 303);
      return show(request, reply, 'code', { reference, code: '' });
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/status/:reference/code',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      if (reference === null) return reply.redirect('/status', 303);
      return answerCodeForm(app, request, reply, {
        reference,
        confirm: (code) => confirmStatusLookup(app.deps, { reference, code }),
        showAgain: (code, error, status) => show(request, reply, 'code', { reference, code }, error, status),
      });
    },
  );

  app.get<{ Params: { reference: string } }>(
    '/status/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const view = await grantedStatusOf(app, request, 'status', request.params.reference);
      if (view === null) return reply.redirect('/status', 303);
      // A requester who used the right code waits for staff: never sent back to the code form.
      const waitsForCode = view.status === 'awaiting_verification' && !view.emailControlProven;
      return renderPage(request, reply, 'status-result', (t, language) => {
        const dates = writtenDatesOf(view, language);
        const outcome = OUTCOMES[view.status];
        return {
          title: t('statusPage.resultTitle', { reference: view.reference }),
          rows: [
            { label: t('statusPage.type'), value: t(`types.${view.type}`) },
            {
              label: t('statusPage.currentStatus'),
              value: t(
                view.status === 'awaiting_verification' && !waitsForCode
                  ? 'statuses.email_confirmed'
                  : `statuses.${view.status}`,
              ),
            },
            { label: t('statusPage.received'), value: dates.received },
            ...(dates.acknowledgeBy
              ? [{ label: t('statusPage.acknowledgeBy'), value: dates.acknowledgeBy }]
              : []),
            { label: t('statusPage.respondBy'), value: dates.respondBy },
          ],
          messages: [
            ...(view.deadlines.extended ? [t('statusPage.extended')] : []),
            ...(outcome ? [t(outcome)] : []),
          ],
          verifyHref: waitsForCode ? `/verify/${view.reference}` : null,
        };
      });
    },
  );
}
