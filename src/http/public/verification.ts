import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { normalizeReference } from '../../domain/reference.js';
import type { MessageKey } from '../../i18n/index.js';
import { resendVerification } from '../../services/verification/resend-verification.js';
import { verifyWithCode, verifyWithLink } from '../../services/verification/verify-requester.js';
import { linkGpcBrowserToConsumer } from '../../services/preferences/link-gpc-browser.js';
import { checkRateLimits } from '../../services/rate-limits/check-rate-limits.js';
import { grant, STATUS_COOKIE } from './cookies.js';
import { formBodyOf, textOf } from './form-values.js';
import { renderPage } from './page.js';

const CONSUMER = { type: 'consumer', id: null } as const;

/** The page's wording for what went wrong with a code; which step failed is never told. */
export function codeErrorOf(error: unknown): MessageKey | null {
  if (!(error instanceof DomainError)) return null;
  switch (error.code as string) {
    case 'VERIFICATION.CODE_INVALID':
    case 'VERIFICATION.CODE_EXPIRED':
    case 'VERIFICATION.NOT_PENDING':
      return 'errors.codeWrong';
    case 'VERIFICATION.LOCKED':
      return 'errors.codeLocked';
    case 'VERIFICATION.RESEND_TOO_SOON':
      return 'errors.resendTooSoon';
    default:
      return null;
  }
}

export const SIX_DIGITS = /^\d{6}$/;

/** Spaces and dashes people type inside a code are not part of it. */
export function codeOf(body: unknown): string {
  return textOf(formBodyOf(body), 'code').replace(/[\s-]/g, '').slice(0, 12);
}

/**
 * Email verification (issue 4, part 2): the 6-digit code on a page keyed by the
 * public reference, or the one-click link; a new code after the cooldown.
 * Proving the email on a browser that sent GPC ties that browser to the consumer.
 */
export default async function verificationPages(app: FastifyInstance) {
  const services = app.deps;

  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    state: { code?: string; error?: MessageKey; notice?: MessageKey },
    status = 200,
  ) =>
    renderPage(
      request,
      reply,
      'verify',
      (t) => ({
        title: t('verify.title'),
        reference,
        code: state.code ?? '',
        error: state.error ? t(state.error) : null,
        notice: state.notice ? t(state.notice) : null,
      }),
      status,
    );

  const verified = async (request: FastifyRequest, reply: FastifyReply, reference: string) => {
    if (request.gpcBrowserToken !== null) {
      await linkGpcBrowserToConsumer(services, { browserToken: request.gpcBrowserToken, reference });
    }
    grant(app, reply, STATUS_COOKIE, reference);
    return reply.redirect(`/status/${reference}`, 303);
  };

  app.get<{ Querystring: { token?: unknown } }>(
    '/verify',
    { schema: { hide: true } },
    async (request, reply) => {
      const token = typeof request.query.token === 'string' ? request.query.token.slice(0, 200) : '';
      try {
        const view = await verifyWithLink(services, { token, actor: CONSUMER });
        return await verified(request, reply, view.reference);
      } catch (error) {
        if (codeErrorOf(error) === null) throw error;
        return renderPage(
          request,
          reply,
          'link-invalid',
          (t) => ({ title: t('verify.linkInvalidTitle') }),
          400,
        );
      }
    },
  );

  app.get<{ Params: { reference: string } }>(
    '/verify/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const reference = normalizeReference(request.params.reference.slice(0, 40));
      if (reference === null) return reply.callNotFound();
      return show(request, reply, reference, {});
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/verify/:reference',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = normalizeReference(request.params.reference.slice(0, 40));
      if (reference === null) return reply.callNotFound();
      const code = codeOf(request.body);
      if (!SIX_DIGITS.test(code)) return show(request, reply, reference, { code, error: 'errors.code' }, 400);
      if (!(await checkRateLimits(app.deps, { action: 'verify', ip: request.ip })).allowed) {
        return show(request, reply, reference, { code, error: 'errors.rateLimited' }, 429);
      }
      try {
        await verifyWithCode(services, { reference, code, actor: CONSUMER });
      } catch (error) {
        const message = codeErrorOf(error);
        if (message === null) throw error;
        return show(request, reply, reference, { code, error: message }, 400);
      }
      return verified(request, reply, reference);
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/verify/:reference/resend',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = normalizeReference(request.params.reference.slice(0, 40));
      if (reference === null) return reply.callNotFound();
      if (!(await checkRateLimits(app.deps, { action: 'verify', ip: request.ip })).allowed) {
        return show(request, reply, reference, { error: 'errors.rateLimited' }, 429);
      }
      try {
        await resendVerification(services, { reference });
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
