import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant, translator, type MessageKey } from '../../i18n/index.js';
import { isOpen } from '../../domain/lifecycle/index.js';
import {
  listConsumerConversation,
  replyFromStatusPage,
  StatusPageReplySchema,
} from '../../services/conversations/consumer-conversation.js';
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

  /** The status with the conversation and a form to write to the officer (values and error after a failed reply). */
  async function showStatus(
    request: FastifyRequest<{ Params: { reference: string } }>,
    reply: FastifyReply,
    form: { text: string; error: MessageKey | null; sent: boolean } = { text: '', error: null, sent: false },
    status = 200,
  ) {
    const view = await grantedStatusOf(app, request, 'status', request.params.reference);
    if (view === null) return reply.redirect('/status', 303);
    // A requester who used the right code waits for staff: never sent back to the code form.
    const waitsForCode = view.status === 'awaiting_verification' && !view.emailControlProven;
    const conversation = (await listConsumerConversation(app.deps, view.reference)) ?? [];
    return renderPage(
      request,
      reply,
      'status-result',
      (t, language) => {
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
          conversation: conversation.map((message) => ({
            ...message,
            from: t(message.direction === 'in' ? 'statusPage.fromYou' : 'statusPage.fromUs'),
            when: formatInstant(language, new Date(message.at), app.deps.config.BUSINESS_TIMEZONE),
          })),
          replyAction: isOpen(view.status) ? `/status/${view.reference}/reply` : null,
          replyText: form.text,
          replyError: form.error === null ? null : t(form.error),
          replySent: form.sent,
        };
      },
      status,
    );
  }

  app.get<{ Params: { reference: string } }>(
    '/status/:reference',
    { schema: { hide: true } },
    (request, reply) =>
      showStatus(request, reply, { text: '', error: null, sent: 'sent' in (request.query as object) }),
  );

  app.post<{ Params: { reference: string } }>(
    '/status/:reference/reply',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      const typed = textOf(formBodyOf(request.body), 'text');
      const parsed = StatusPageReplySchema.safeParse({ text: typed });
      if (!parsed.success) {
        return showStatus(
          request,
          reply,
          { text: typed.slice(0, 5000), error: 'statusPage.replyError', sent: false },
          400,
        );
      }
      const view = await grantedStatusOf(app, request, 'status', request.params.reference);
      if (view === null || reference === null) return reply.redirect('/status', 303);
      // The same per-IP allowance as status lookups: a granted page cannot flood the officer.
      if (await isRateLimited(app, request, 'status')) {
        return showStatus(
          request,
          reply,
          { text: typed.slice(0, 5000), error: 'errors.rateLimited', sent: false },
          429,
        );
      }
      await replyFromStatusPage(app.deps, {
        reference,
        text: parsed.data.text,
        subject: translator(view.language)('statusPage.replySubject'),
      });
      return reply.redirect(`/status/${reference}?sent`, 303);
    },
  );
}
