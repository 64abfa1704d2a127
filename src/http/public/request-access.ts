// How a browser reaches a request's pages by its public reference, with nothing
// personal in the URL: the browser that just submitted the request may see its
// confirmation, and the browser that proved control of the request's email may
// see its status, each for a while, by a short-lived signed cookie. Those pages
// show the request's status view, its dates written out in the page's language.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeReference } from '../../domain/reference.js';
import { formatDate, type Language } from '../../i18n/index.js';
import { linkGpcBrowserToConsumer } from '../../services/preferences/link-gpc-browser.js';
import { findConsumerStatus, type ConsumerStatusView } from '../../services/verification/consumer-status.js';

/** The pages a browser may be let into. */
type GrantedPage = 'confirmation' | 'status';

const COOKIES: Readonly<Record<GrantedPage, { name: string; lifetimeSeconds: number }>> = {
  confirmation: { name: 'rd_submitted', lifetimeSeconds: 60 * 60 },
  status: { name: 'rd_status', lifetimeSeconds: 30 * 60 },
};

/** A reference as typed or as it is in a path, normalised; null when it cannot be one. */
export function referenceOf(typed: string): string | null {
  return normalizeReference(typed.slice(0, 40));
}

/** What a grant cookie holds: the reference and when the grant ends, signed together. */
const GRANT_SEPARATOR = '~';

function grant(app: FastifyInstance, reply: FastifyReply, page: GrantedPage, reference: string): void {
  // The end is in the signed value too: Max-Age alone binds only the browser, not a copy of the cookie.
  const expiresAt = app.deps.clock.now().getTime() + COOKIES[page].lifetimeSeconds * 1000;
  reply.setCookie(COOKIES[page].name, `${reference}${GRANT_SEPARATOR}${expiresAt}`, {
    path: '/',
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: app.deps.config.secureCookies,
    maxAge: COOKIES[page].lifetimeSeconds,
  });
}

function isGranted(
  app: FastifyInstance,
  request: FastifyRequest,
  page: GrantedPage,
  reference: string,
): boolean {
  const raw = request.cookies[COOKIES[page].name];
  if (raw === undefined) return false;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return false;
  const [granted, expiresAt] = unsigned.value.split(GRANT_SEPARATOR);
  return granted === reference && Number(expiresAt) > app.deps.clock.now().getTime();
}

/** After a submission: lets this browser see the request's confirmation, and sends it there. */
export function showConfirmation(app: FastifyInstance, reply: FastifyReply, reference: string) {
  grant(app, reply, 'confirmation', reference);
  return reply.redirect(`/confirmation/${reference}`, 303);
}

/**
 * After the consumer proved control of the request's email: lets this browser see
 * its status, and sends it there. Proving the email on a browser that sent GPC ties
 * that browser to the consumer (docs/legal-rules.md#global-privacy-control).
 */
export async function showStatus(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  reference: string,
) {
  if (request.gpcBrowserToken !== null) {
    await linkGpcBrowserToConsumer(app.deps, { browserToken: request.gpcBrowserToken, reference });
  }
  grant(app, reply, 'status', reference);
  return reply.redirect(`/status/${reference}`, 303);
}

/** The status view of the request `typed` names, if this browser may see `page` for it; else null. */
export async function grantedStatusOf(
  app: FastifyInstance,
  request: FastifyRequest,
  page: GrantedPage,
  typed: string,
): Promise<ConsumerStatusView | null> {
  const reference = referenceOf(typed);
  if (reference === null || !isGranted(app, request, page, reference)) return null;
  return findConsumerStatus(app.deps, reference);
}

/** The view's dates written out in `language`; null where the request has no such date. */
export function writtenDatesOf(view: ConsumerStatusView, language: Language) {
  const written = (date: string | null) => (date === null ? null : formatDate(language, date));
  return {
    received: formatDate(language, view.receiptDate),
    acknowledgeBy: written(view.deadlines.acknowledgeBy),
    respondBy: formatDate(language, view.deadlines.respondBy),
    extendedRespondBy: written(view.deadlines.extendedRespondBy),
  };
}
