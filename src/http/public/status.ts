import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findConsumerStatus } from '../../services/verification/consumer-status.js';
import { normalizeReference } from '../../domain/reference.js';
import type { MessageKey } from '../../i18n/index.js';
import { confirmStatusLookup, requestStatusLookup } from '../../services/verification/look-up-status.js';
import { linkGpcBrowserToConsumer } from '../../services/preferences/link-gpc-browser.js';
import { checkRateLimits } from '../../services/rate-limits/check-rate-limits.js';
import { grant, isGranted, STATUS_COOKIE } from './cookies.js';
import { formatDate } from './dates.js';
import { formBodyOf, textOf } from './form-values.js';
import { renderPage } from './page.js';
import { codeErrorOf, codeOf, SIX_DIGITS } from './verification.js';

const OUTCOMES: Partial<Record<string, MessageKey>> = {
  completed: 'status.outcomeCompleted',
  denied: 'status.outcomeDenied',
  closed_unverified: 'status.outcomeClosed',
};

/**
 * Status lookup (issue 4, part 1): reference, then a one-time code sent to the
 * request's email, then status, due dates and messages. Nothing about a request
 * is shown, nor whether it exists, before the code.
 */
export default async function statusPages(app: FastifyInstance) {
  const services = app.deps;

  const showLookup = (
    request: FastifyRequest,
    reply: FastifyReply,
    value = '',
    error?: MessageKey,
    status = 200,
  ) =>
    renderPage(
      request,
      reply,
      'status-lookup',
      (t) => ({ title: t('status.title'), reference: value, error: error ? t(error) : null }),
      status,
    );

  const showCode = (
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    code = '',
    error?: MessageKey,
    status = 200,
  ) =>
    renderPage(
      request,
      reply,
      'status-code',
      (t) => ({ title: t('status.codeTitle'), reference, code, error: error ? t(error) : null }),
      status,
    );

  app.get('/status', { schema: { hide: true } }, async (request, reply) => showLookup(request, reply));

  app.post('/status', { schema: { hide: true }, preHandler: app.csrfProtection }, async (request, reply) => {
    const typed = textOf(formBodyOf(request.body), 'reference').trim().slice(0, 40);
    const reference = normalizeReference(typed);
    if (reference === null) return showLookup(request, reply, typed, 'errors.reference', 400);
    if (!(await checkRateLimits(app.deps, { action: 'status', ip: request.ip })).allowed) {
      return showLookup(request, reply, typed, 'errors.rateLimited', 429);
    }
    await requestStatusLookup(services, { reference });
    return reply.redirect(`/status/${reference}/code`, 303);
  });

  app.get<{ Params: { reference: string } }>(
    '/status/:reference/code',
    { schema: { hide: true } },
    async (request, reply) => {
      const reference = normalizeReference(request.params.reference.slice(0, 40));
      if (reference === null) return reply.redirect('/status', 303);
      return showCode(request, reply, reference);
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/status/:reference/code',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = normalizeReference(request.params.reference.slice(0, 40));
      if (reference === null) return reply.redirect('/status', 303);
      const code = codeOf(request.body);
      if (!SIX_DIGITS.test(code)) return showCode(request, reply, reference, code, 'errors.code', 400);
      if (!(await checkRateLimits(app.deps, { action: 'verify', ip: request.ip })).allowed) {
        return showCode(request, reply, reference, code, 'errors.rateLimited', 429);
      }
      try {
        await confirmStatusLookup(services, { reference, code });
      } catch (error) {
        const message = codeErrorOf(error);
        if (message === null) throw error;
        return showCode(request, reply, reference, code, message, 400);
      }
      if (request.gpcBrowserToken !== null) {
        await linkGpcBrowserToConsumer(services, { browserToken: request.gpcBrowserToken, reference });
      }
      grant(app, reply, STATUS_COOKIE, reference);
      return reply.redirect(`/status/${reference}`, 303);
    },
  );

  app.get<{ Params: { reference: string } }>(
    '/status/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const reference = normalizeReference(request.params.reference.slice(0, 40));
      if (reference === null || !isGranted(request, STATUS_COOKIE, reference)) {
        return reply.redirect('/status', 303);
      }
      const row = await findConsumerStatus(app.deps, reference);
      if (row === null) return reply.redirect('/status', 303);
      return renderPage(request, reply, 'status-result', (t, lang) => {
        const date = (value: string | null) => (value === null ? null : formatDate(value, lang));
        const outcome = OUTCOMES[row.status];
        return {
          title: t('status.resultTitle', { reference }),
          rows: [
            { label: t('status.type'), value: t(`types.${row.type}`) },
            { label: t('status.currentStatus'), value: t(`statuses.${row.status}`) },
            { label: t('status.received'), value: date(row.receiptDate) },
            ...(row.deadlines.acknowledgeBy
              ? [{ label: t('status.acknowledgeBy'), value: date(row.deadlines.acknowledgeBy) }]
              : []),
            { label: t('status.respondBy'), value: date(row.deadlines.respondBy) },
          ],
          messages: [
            ...(row.deadlines.extended ? [t('status.extended')] : []),
            ...(outcome ? [t(outcome)] : []),
          ],
          verifyHref: row.status === 'awaiting_verification' ? `/verify/${reference}` : null,
        };
      });
    },
  );
}
