import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers with a strict Content-Security-Policy: no inline scripts or
 * styles, nothing from other origins, no framing. Form posts and signed cookies are
 * parsed here, and CSRF tokens are issued (`reply.generateCsrf()`) and checked
 * (`preHandler: app.csrfProtection`, after the form body is parsed) for every HTML form.
 */
export default fp(
  async function securityPlugin(app: FastifyInstance) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    });
    await app.register(formbody);
    await app.register(cookie, { secret: app.deps.config.SESSION_SECRET });
    await app.register(csrfProtection, {
      cookieKey: 'rd_csrf',
      cookieOpts: {
        path: '/',
        signed: true,
        httpOnly: true,
        sameSite: 'lax',
        // Secure wherever the portal is served over HTTPS; plain HTTP only for local use.
        secure: app.deps.config.secureCookies,
      },
    });

    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  },
  { name: 'security' },
);
