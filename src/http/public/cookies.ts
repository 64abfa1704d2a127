// Short-lived signed cookies that let this browser see a page keyed by a public
// reference without putting anything personal in the URL.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The browser that just submitted the request may see its confirmation page. */
export const SUBMITTED_COOKIE = 'rd_submitted';
/** The browser proved control of the request's email and may see its status. */
export const STATUS_COOKIE = 'rd_status';

const LIFETIME_SECONDS: Record<string, number> = {
  [SUBMITTED_COOKIE]: 60 * 60,
  [STATUS_COOKIE]: 30 * 60,
};

export function grant(app: FastifyInstance, reply: FastifyReply, name: string, reference: string): void {
  reply.setCookie(name, reference, {
    path: '/',
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: app.deps.config.secureCookies,
    maxAge: LIFETIME_SECONDS[name] ?? 600,
  });
}

export function isGranted(request: FastifyRequest, name: string, reference: string): boolean {
  const raw = request.cookies[name];
  if (raw === undefined) return false;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value === reference;
}
