import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAllowed, type Action } from '../../domain/access-policy.js';
import {
  authenticateApiToken,
  type ApiTokenPrincipal,
} from '../../services/api-tokens/authenticate-api-token.js';
import { authenticationRequired, forbidden } from '../problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route does, checked against the caller's role (src/domain/access-policy.ts). */
    action?: Action;
  }
  interface FastifyRequest {
    principal: ApiTokenPrincipal | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/**
 * Guards an API area: every route in it must declare the action it performs, and a
 * caller gets through only with a live bearer token whose role allows that action
 * (401 without one, 403 with the wrong role). A route without an action fails at
 * start-up, so no endpoint can be added unguarded.
 */
export function guardWithBearerTokens(area: FastifyInstance): void {
  area.decorateRequest('principal', null);
  area.addHook('onRoute', (route) => {
    if (route.config?.action === undefined) {
      throw new Error(`${route.method} ${route.url} declares no access action (config.action)`);
    }
  });
  area.addHook('onRequest', async (request: FastifyRequest) => {
    const action = request.routeOptions.config.action;
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const principal = token ? await authenticateApiToken(area.deps, token) : null;
    if (principal === null) throw authenticationRequired();
    if (action === undefined || !isAllowed(principal.role, action)) throw forbidden();
    request.principal = principal;
  });
}
