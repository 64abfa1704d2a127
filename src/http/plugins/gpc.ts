import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newSecretToken } from '../../secrets.js';
import fp from 'fastify-plugin';
import { checkRateLimits } from '../../services/rate-limits/check-rate-limits.js';
import { recordGpcOptOut, touchGpcBrowser } from '../../services/preferences/record-gpc-opt-out.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request carried `Sec-GPC: 1`, so the browser's opt-out is honoured (Regs 7025). */
    gpcOptOutHonored: boolean;
    /** This browser's GPC cookie, when it has a well-formed one: ties the browser to a consumer later. */
    gpcBrowserToken: string | null;
  }
}

const GPC_COOKIE = 'rd_gpc';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Long-lived: a later visit without the signal is not consent, but the browser stays opted out. */
const GPC_COOKIE_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/** Static files and probes are not visits. */
function isVisit(request: FastifyRequest): boolean {
  const path = request.url;
  return !(path.startsWith('/assets/') || path.startsWith('/healthz') || path.startsWith('/readyz'));
}

/**
 * Whether this client IP may have one more browser recorded: a client that
 * drops its cookie, or offers a fresh made-up one, on every call would
 * otherwise add a browser and a request each time. Counted per IP in the
 * consumer rate limits' window and limit (0 turns it off); the key holds a
 * keyed hash of the IP, never the IP.
 */
async function mayRecordNewBrowser(app: FastifyInstance, request: FastifyRequest): Promise<boolean> {
  return (await checkRateLimits(app.deps, { action: 'gpc', ip: request.ip })).allowed;
}

/**
 * Global Privacy Control (docs/legal-rules.md#global-privacy-control; Regs
 * 7025): any page or API call with `Sec-GPC: 1` — exactly "1" — opts the
 * browser out of sale and sharing, with no banner and no extra step. The browser is known by a random first-party cookie,
 * stored only as a hash; its opt-out is recorded once as an `opt_out` request with
 * channel `gpc`. Pages rendered for the request say it was honoured. Past the
 * per-IP limit on new browsers the signal is still honoured (and the cookie set,
 * so the browser is recorded on a later visit); only the record waits.
 */
export default fp(
  async function gpcPlugin(app: FastifyInstance) {
    app.decorateRequest('gpcOptOutHonored', false);
    app.decorateRequest('gpcBrowserToken', null);

    app.addHook('onRequest', async (request, reply) => {
      const offered = request.cookies[GPC_COOKIE];
      request.gpcBrowserToken = typeof offered === 'string' && TOKEN_SHAPE.test(offered) ? offered : null;
      if (request.headers['sec-gpc'] !== '1' || !isVisit(request)) return;
      const known = request.gpcBrowserToken !== null;
      if (request.gpcBrowserToken === null) {
        request.gpcBrowserToken = newSecretToken();
        reply.setCookie(GPC_COOKIE, request.gpcBrowserToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: app.deps.config.secureCookies,
          maxAge: GPC_COOKIE_MAX_AGE_SECONDS,
        });
      }
      request.gpcOptOutHonored = true;
      const browserToken = request.gpcBrowserToken;
      if (known && (await touchGpcBrowser(app.deps, { browserToken }))) return;
      if (!(await mayRecordNewBrowser(app, request))) {
        request.log.warn(
          { gpc: 'not_recorded' },
          'global privacy control opt-out honoured; new browsers from this IP over the limit',
        );
        return;
      }
      const result = await recordGpcOptOut(app.deps, { browserToken });
      if (result.recorded) request.log.info({ gpc: 'recorded' }, 'global privacy control opt-out recorded');
    });
  },
  { name: 'gpc', dependencies: ['security'] },
);
