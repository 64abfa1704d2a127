import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { recordGpcOptOut } from '../../services/record-gpc-opt-out.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request carried `Sec-GPC: 1` and the browser's opt-out is recorded (Regs 7025). */
    gpcOptOutHonored: boolean;
    /** This browser's GPC cookie, when it has a well-formed one: ties the browser to a consumer later. */
    gpcBrowserToken: string | null;
  }
}

export const GPC_COOKIE = 'rd_gpc';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Long-lived: a later visit without the signal is not consent, but the browser stays opted out. */
const GPC_COOKIE_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/** Static files and probes are not visits. */
function isVisit(request: FastifyRequest): boolean {
  const path = request.url;
  return !(path.startsWith('/assets/') || path.startsWith('/healthz') || path.startsWith('/readyz'));
}

/**
 * Global Privacy Control (LEGAL-RULES §5; Regs 7025): any page or API call with
 * `Sec-GPC: 1` — exactly "1" — opts the browser out of sale and sharing, with no
 * banner and no extra step. The browser is known by a random first-party cookie,
 * stored only as a hash; its opt-out is recorded once as an `opt_out` request with
 * channel `gpc`. Pages rendered for the request say it was honoured.
 */
export default fp(
  async function gpcPlugin(app: FastifyInstance) {
    app.decorateRequest('gpcOptOutHonored', false);
    app.decorateRequest('gpcBrowserToken', null);

    app.addHook('onRequest', async (request, reply) => {
      const offered = request.cookies[GPC_COOKIE];
      request.gpcBrowserToken = typeof offered === 'string' && TOKEN_SHAPE.test(offered) ? offered : null;
      if (request.headers['sec-gpc'] !== '1' || !isVisit(request)) return;
      if (request.gpcBrowserToken === null) {
        request.gpcBrowserToken = randomBytes(32).toString('base64url');
        reply.setCookie(GPC_COOKIE, request.gpcBrowserToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: app.deps.config.PUBLIC_BASE_URL.startsWith('https:'),
          maxAge: GPC_COOKIE_MAX_AGE_SECONDS,
        });
      }
      const result = await recordGpcOptOut(app.services, { browserToken: request.gpcBrowserToken });
      if (result.recorded) request.log.info({ gpc: 'recorded' }, 'global privacy control opt-out recorded');
      request.gpcOptOutHonored = true;
    });
  },
  { name: 'gpc', dependencies: ['security'] },
);
