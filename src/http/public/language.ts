import type { FastifyInstance } from 'fastify';
import { isLanguage, LANGUAGE_COOKIE } from '../../i18n/index.js';
import { isSafeReturnPath } from './page.js';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The visible language switch: remembers the choice and returns to the page (a local path only). */
export default async function languageSwitch(app: FastifyInstance) {
  app.get<{ Params: { locale: string }; Querystring: { back?: unknown } }>(
    '/language/:locale',
    { schema: { hide: true } },
    async (request, reply) => {
      const language = request.params.locale;
      if (!isLanguage(language)) return reply.callNotFound();
      const back = request.query.back;
      reply.setCookie(LANGUAGE_COOKIE, language, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        secure: app.deps.config.secureCookies,
        maxAge: ONE_YEAR_SECONDS,
      });
      return reply.redirect(typeof back === 'string' && isSafeReturnPath(back) ? back : '/', 303);
    },
  );
}
