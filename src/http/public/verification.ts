import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { resendVerification } from '../../services/verification/resend-verification.js';
import { LINK_TOKEN, verifyWithCode, verifyWithLink } from '../../services/verification/verify-requester.js';
import { formBodyOf, textOf } from '../posted-form.js';
import { answerCodeForm, codeErrorOf } from './code-form.js';
import { isRateLimited, renderFormPage, renderPage } from './page.js';
import { referenceOf, showStatus } from './request-access.js';

const CONSUMER = { type: 'consumer', id: null } as const;

/**
 * Email verification (docs/legal-rules.md#verification): the 6-digit code on a
 * page keyed by the public reference, or the one-click link (a page whose
 * button confirms); a new code after the cooldown, also once a code locked.
 */
export default async function verificationPages(app: FastifyInstance) {
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    state: { code?: string; error?: MessageKey; notice?: MessageKey },
    status = 200,
  ) =>
    renderFormPage(
      request,
      reply,
      {
        template: 'verify',
        title: 'verify.title',
        values: { reference, code: state.code ?? '' },
        error: state.error,
        notice: state.notice,
      },
      status,
    );

  const linkInvalid = (request: FastifyRequest, reply: FastifyReply) =>
    renderPage(request, reply, 'link-invalid', (t) => ({ title: t('verify.linkInvalidTitle') }), 400);

  // Mail scanners open every link in an email: opening the link only shows a
  // button, and only the button's POST confirms anything.
  app.get<{ Querystring: { token?: unknown } }>(
    '/verify',
    { schema: { hide: true } },
    async (request, reply) => {
      const token = typeof request.query.token === 'string' ? request.query.token : '';
      if (!LINK_TOKEN.test(token)) return linkInvalid(request, reply);
      return renderPage(request, reply, 'verify-link', (t) => ({ title: t('verify.linkTitle'), token }));
    },
  );

  app.post('/verify', { schema: { hide: true }, preHandler: app.csrfProtection }, async (request, reply) => {
    const token = textOf(formBodyOf(request.body), 'token').slice(0, 200);
    if (await isRateLimited(app, request, 'verify')) return linkInvalid(request, reply);
    try {
      const view = await verifyWithLink(app.deps, { token, actor: CONSUMER });
      return await showStatus(app, request, reply, view.reference);
    } catch (error) {
      if (codeErrorOf(error) === null) throw error;
      return linkInvalid(request, reply);
    }
  });

  app.get<{ Params: { reference: string } }>(
    '/verify/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      if (reference === null) return reply.callNotFound();
      return show(request, reply, reference, {});
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/verify/:reference',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      if (reference === null) return reply.callNotFound();
      return answerCodeForm(app, request, reply, {
        reference,
        confirm: (code) => verifyWithCode(app.deps, { reference, code, actor: CONSUMER }),
        showAgain: (code, error, status) => show(request, reply, reference, { code, error }, status),
      });
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/verify/:reference/resend',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      if (reference === null) return reply.callNotFound();
      if (await isRateLimited(app, request, 'verify')) {
        return show(request, reply, reference, { error: 'errors.rateLimited' }, 429);
      }
      try {
        await resendVerification(app.deps, { reference });
      } catch (error) {
        const message = codeErrorOf(error);
        if (message === null) throw error;
        return show(
          request,
          reply,
          reference,
          { error: message },
          message === 'errors.resendTooSoon' ? 429 : 400,
        );
      }
      return show(request, reply, reference, { notice: 'verify.resent' });
    },
  );
}
