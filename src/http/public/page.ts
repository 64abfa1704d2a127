// What every consumer page needs around its own content: the language, the
// translator, the Global Privacy Control notice, the language switch and a CSRF
// token; and what every consumer form post is checked against, the rate limits.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  LANGUAGE_COOKIE,
  negotiateLanguage,
  translator,
  type Language,
  type MessageKey,
  type Translate,
} from '../../i18n/index.js';
import { checkRateLimits, type LimitedAction } from '../../services/rate-limits/check-rate-limits.js';

interface PageChrome {
  lang: Language;
  t: Translate;
  title: string;
  /** Regs 7025(c)(6): the page shows that the browser's opt-out signal was honoured. */
  gpcHonored: boolean;
  languageSwitchHref: string;
  csrfToken: string;
}

export function languageOf(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  return negotiateLanguage(
    request.cookies?.[LANGUAGE_COOKIE],
    typeof header === 'string' ? header : undefined,
  );
}

/** Paths of consumer pages hold no query string and no personal data, so they are safe to return to. */
const SAFE_RETURN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~/]{0,200}$/;

/**
 * The access report's page is reached by its emailed link, whose token (base64url) travels in
 * the query by design and is never logged: the language switch returns there with it, so the
 * consumer stays on their download.
 */
const ACCESS_REPORT_RETURN_PATH = /^\/access-report\?token=[A-Za-z0-9_-]{1,200}$/;

/** Where the language switch may send the visitor back to: a local page, never another site. */
export function isSafeReturnPath(path: string): boolean {
  return SAFE_RETURN_PATH.test(path) || ACCESS_REPORT_RETURN_PATH.test(path);
}

/** The switch to the other language, returning to `back` (a path isSafeReturnPath accepts). */
export function languageSwitchHrefOf(language: Language, back: string): string {
  const other: Language = language === 'en' ? 'es' : 'en';
  return `/language/${other}?back=${encodeURIComponent(back)}`;
}

function returnPathOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '/';
  return SAFE_RETURN_PATH.test(path) ? path : '/';
}

export function translatorOf(request: FastifyRequest): Translate {
  return translator(languageOf(request));
}

/** What a page template gets besides the chrome (whose parts it may replace); `title` names the page. */
type PageData = { title: string } & Record<string, unknown>;

/** Renders a consumer page: `build` gets the page's translator and answers the template's data. */
export function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  build: (t: Translate, language: Language) => PageData,
  status = 200,
) {
  const language = languageOf(request);
  const t = translator(language);
  const chrome: Omit<PageChrome, 'title'> = {
    lang: language,
    t,
    gpcHonored: request.gpcOptOutHonored,
    languageSwitchHref: languageSwitchHrefOf(language, returnPathOf(request)),
    csrfToken: reply.generateCsrf(),
  };
  // Pages may show what the visitor typed: no shared cache may keep them.
  reply.header('cache-control', 'no-store');
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .view(template, { ...chrome, ...build(t, language) });
}

/** A page with a short form (a reference, a code): what was typed, and at most one error and one notice. */
interface FormPage {
  template: string;
  title: MessageKey;
  values: Readonly<Record<string, string>>;
  error?: MessageKey | undefined;
  notice?: MessageKey | undefined;
}

export function renderFormPage(request: FastifyRequest, reply: FastifyReply, page: FormPage, status = 200) {
  return renderPage(
    request,
    reply,
    page.template,
    (t) => ({
      title: t(page.title),
      ...page.values,
      error: page.error ? t(page.error) : null,
      notice: page.notice ? t(page.notice) : null,
    }),
    status,
  );
}

/** Counts this post against the rate limits of `action`; true when it is over one of them. */
export async function isRateLimited(
  app: FastifyInstance,
  request: FastifyRequest,
  action: LimitedAction,
  email?: string,
): Promise<boolean> {
  return !(await checkRateLimits(app.deps, { action, ip: request.ip, email })).allowed;
}
