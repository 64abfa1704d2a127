// The staff console's guard: every route declares the action it performs
// (src/domain/access-policy.ts) or that it is part of signing in; a session
// cookie identifies the staff member; roles are checked before anything else.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAllowed, type Action, type ConsoleRole } from '../../domain/access-policy.js';
import {
  authenticateStaffSession,
  type StaffPrincipal,
} from '../../services/staff-accounts/staff-sessions.js';
import { forbidden, HttpProblem } from '../problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Routes open without a staff role: `public` for anyone (consumer pages, the
     * console's sign-in pages), `two_factor_pending` for a signed-in staff member
     * who has yet to give their second factor.
     */
    access?: 'public' | 'two_factor_pending';
  }
  interface FastifyRequest {
    staff: StaffPrincipal | null;
  }
}

export const STAFF_SESSION_COOKIE = 'rd_staff';

const signInRequired = () =>
  new HttpProblem(401, 'AUTH.SIGN_IN_REQUIRED', 'Please sign in to the staff console.');

export function guardStaffArea(area: FastifyInstance): void {
  const deps = area.deps;
  area.decorateRequest('staff', null);
  area.addHook('onRoute', (route) => {
    if (route.config?.action === undefined && route.config?.access === undefined) {
      throw new Error(
        `${route.method} ${route.url} declares no access rule (config.action or config.access)`,
      );
    }
  });
  area.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Staff pages hold personal data: never cached, never shown from history after sign-out.
    reply.header('cache-control', 'no-store');
    const { action, access } = request.routeOptions.config;
    const token = request.cookies[STAFF_SESSION_COOKIE];
    request.staff = token ? await authenticateStaffSession(deps, token) : null;
    if (access === 'public') return;
    const principal = request.staff;
    if (principal === null) {
      if (request.method === 'GET') return reply.redirect('/staff/sign-in', 303);
      throw signInRequired();
    }
    if (access === 'two_factor_pending') return;
    if (principal.pendingTwoFactor !== null) {
      if (request.method === 'GET') return reply.redirect(twoFactorPath(principal.pendingTwoFactor), 303);
      throw signInRequired();
    }
    if (action === undefined || !isAllowed(principal.user.role, action)) throw forbidden();
  });
}

export function twoFactorPath(step: 'verify' | 'enrol'): string {
  return step === 'verify' ? '/staff/two-factor' : '/staff/two-factor/enrol';
}

/** The signed-in staff member of a guarded route. */
export function principalOf(request: FastifyRequest): StaffPrincipal {
  if (request.staff === null) throw signInRequired();
  return request.staff;
}

export function staffActor(request: FastifyRequest): { type: 'staff'; id: string } {
  return { type: 'staff', id: principalOf(request).user.id };
}

export function can(request: FastifyRequest, action: Action): boolean {
  return request.staff !== null && isAllowed(request.staff.user.role, action);
}

/** Where a role starts: agents at intake, system owners at their tasks, everyone else at the queue. */
export function homeOf(role: ConsoleRole): string {
  if (isAllowed(role, 'queue.view')) return '/staff';
  return isAllowed(role, 'intake.create') ? '/staff/intake' : '/staff/tasks';
}
