import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant, type MessageKey } from '../../i18n/index.js';
import { sendDownload } from '../downloads.js';
import {
  viewAccessPackageLink,
  type PackageAvailability,
} from '../../services/fulfilment-report/access-package-link.js';
import { downloadAccessPackage } from '../../services/fulfilment-report/download-access-package.js';
import { requestDownloadCode } from '../../services/fulfilment-report/request-download-code.js';
import { formBodyOf, textOf } from '../posted-form.js';
import { isRateLimited, languageOf, languageSwitchHrefOf, renderPage } from './page.js';

const UNAVAILABLE_TEXTS: Readonly<
  Record<Exclude<PackageAvailability, 'available'> | 'unknown_link', [MessageKey, MessageKey]>
> = {
  unknown_link: ['accessDownload.unknownTitle', 'accessDownload.unknown'],
  expired: ['accessDownload.expiredTitle', 'accessDownload.expired'],
  download_limit_reached: ['accessDownload.limitTitle', 'accessDownload.limit'],
};

/** Tokens are base64url; anything else is cut short and fails to match. */
function tokenOf(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 200) : '';
}

/**
 * The download of an access report (docs/legal-rules.md#access-reports): the
 * emailed link opens this page, which asks for a fresh emailed code before each
 * download. The token travels in the link's query (never logged) and in the
 * forms' bodies; an expired or spent link says so with 410.
 */
export default async function accessReportPages(app: FastifyInstance) {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    state: { code?: string; error?: MessageKey; notice?: MessageKey } = {},
    status = 200,
  ) => {
    const view = await viewAccessPackageLink(app.deps, { token });
    if (view.kind !== 'available') {
      return showUnavailable(request, reply, view.kind === 'unknown_link' ? view.kind : view.availability);
    }
    const language = languageOf(request);
    return renderPage(
      request,
      reply,
      'access-report',
      (t) => ({
        title: t('accessDownload.title'),
        // After asking for a code too, the switch returns to the download, not to the start.
        languageSwitchHref: languageSwitchHrefOf(language, `/access-report?token=${token}`),
        token,
        reference: view.reference,
        expires: formatInstant(language, view.expiresAt, app.deps.config.BUSINESS_TIMEZONE),
        downloadsLeft: view.downloadsLeft,
        code: state.code ?? '',
        error: state.error ? t(state.error) : null,
        notice: state.notice ? t(state.notice) : null,
      }),
      status,
    );
  };
  const showUnavailable = (
    request: FastifyRequest,
    reply: FastifyReply,
    why: keyof typeof UNAVAILABLE_TEXTS,
  ) => {
    const [title, message] = UNAVAILABLE_TEXTS[why];
    return renderPage(
      request,
      reply,
      'access-report-unavailable',
      (t) => ({ title: t(title), message: t(message) }),
      why === 'unknown_link' ? 404 : 410,
    );
  };

  app.get<{ Querystring: { token?: unknown } }>(
    '/access-report',
    { schema: { hide: true } },
    async (request, reply) => show(request, reply, tokenOf(request.query.token)),
  );

  app.post(
    '/access-report/code',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const token = tokenOf(textOf(formBodyOf(request.body), 'token'));
      if (await isRateLimited(app, request, 'verify')) {
        return show(request, reply, token, { error: 'errors.rateLimited' }, 429);
      }
      const outcome = await requestDownloadCode(app.deps, { token });
      switch (outcome.kind) {
        case 'unknown_link':
          return showUnavailable(request, reply, 'unknown_link');
        case 'unavailable':
          return showUnavailable(request, reply, outcome.availability);
        case 'too_soon':
          return show(request, reply, token, { error: 'accessDownload.tooSoon' }, 429);
        case 'sent':
          return show(request, reply, token, { notice: 'accessDownload.sent' });
      }
    },
  );

  app.post(
    '/access-report/download',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const body = formBodyOf(request.body);
      const token = tokenOf(textOf(body, 'token'));
      // Spaces and dashes people type inside a code are not part of it.
      const code = textOf(body, 'code').replace(/[\s-]/g, '').slice(0, 12);
      if (await isRateLimited(app, request, 'verify')) {
        return show(request, reply, token, { code, error: 'errors.rateLimited' }, 429);
      }
      const outcome = await downloadAccessPackage(app.deps, { token, code });
      switch (outcome.kind) {
        case 'unknown_link':
          return showUnavailable(request, reply, 'unknown_link');
        case 'unavailable':
          return showUnavailable(request, reply, outcome.availability);
        case 'code_wrong':
          return show(request, reply, token, { code, error: 'accessDownload.codeWrong' }, 400);
        case 'code_expired':
          return show(request, reply, token, { code, error: 'accessDownload.codeExpired' }, 400);
        case 'code_locked':
          return show(request, reply, token, { code, error: 'accessDownload.codeLocked' }, 400);
        case 'downloaded':
          return sendDownload(reply, {
            fileName: outcome.fileName,
            mediaType: 'application/zip',
            content: outcome.zip,
          });
      }
    },
  );
}
