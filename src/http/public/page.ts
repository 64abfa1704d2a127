// What every consumer page needs around its own content: the language, the
// translator, the Global Privacy Control notice, the language switch and a CSRF token.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALE_COOKIE, negotiateLocale, translator, type Locale, type Translate } from '../../i18n/index.js';

export interface PageChrome {
  lang: Locale;
  t: Translate;
  title: string;
  /** Regs 7025(c)(6): the page shows that the browser's opt-out signal was honoured. */
  gpcHonored: boolean;
  languageSwitchHref: string;
  csrfToken: string;
}

export function localeOf(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  return negotiateLocale(request.cookies?.[LOCALE_COOKIE], typeof header === 'string' ? header : undefined);
}

/** Paths of consumer pages hold no query string and no personal data, so they are safe to return to. */
export const SAFE_RETURN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~/]{0,200}$/;

function returnPathOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '/';
  return SAFE_RETURN_PATH.test(path) ? path : '/';
}

export function translatorOf(request: FastifyRequest): Translate {
  return translator(localeOf(request));
}

/** What a page template gets besides the chrome; `title` names the page. */
export type PageData = { title: string } & Record<string, unknown>;

/** Renders a consumer page: `build` gets the page's translator and answers the template's data. */
export function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  build: (t: Translate, lang: Locale) => PageData,
  status = 200,
) {
  const lang = localeOf(request);
  const t = translator(lang);
  const other: Locale = lang === 'en' ? 'es' : 'en';
  const chrome: Omit<PageChrome, 'title'> = {
    lang,
    t,
    gpcHonored: request.gpcOptOutHonored,
    languageSwitchHref: `/language/${other}?back=${encodeURIComponent(returnPathOf(request))}`,
    csrfToken: reply.generateCsrf(),
  };
  // Pages may show what the visitor typed: no shared cache may keep them.
  reply.header('cache-control', 'no-store');
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .view(template, { ...chrome, ...build(t, lang) });
}
