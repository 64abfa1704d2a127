// Every route the app registers, tried as nobody and as each role: a route with no
// access rule, or one that lets the wrong role through, fails the build.

import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIONS,
  CONSOLE_ROLES,
  isAllowed,
  STAFF_ROLES,
  type Action,
  type StaffRole,
} from '../src/domain/access-policy.js';
import type { CatalogueEntry } from '../src/http/plugins/route-catalogue.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { useTestApp } from './support/app.js';
import type { CookieClient } from './support/cookie-client.js';
import { createStaffUser, signIn } from './support/staff.js';

/**
 * Who may do what, written out by hand rather than read from the policy, so that
 * a change to src/domain/access-policy.ts must be made here too, on purpose.
 */
const ROLE_MATRIX: Record<Action, readonly StaffRole[]> = {
  'request.create': ['admin', 'privacy_officer', 'call_center_agent'],
  'request.list': ['admin', 'privacy_officer', 'auditor'],
  'request.read': ['admin', 'privacy_officer', 'auditor'],
  'request.verify': ['admin', 'privacy_officer'],
  'request.start': ['admin', 'privacy_officer'],
  'request.complete': ['admin', 'privacy_officer'],
  'request.deny': ['admin', 'privacy_officer'],
  'request.extend': ['admin', 'privacy_officer'],
  'request.withdraw': ['admin', 'privacy_officer'],
  'request.assign': ['admin', 'privacy_officer'],
  'request.request_information': ['admin', 'privacy_officer'],
  'preferences.read': ['admin', 'privacy_officer', 'integration'],
  'suppression_list.export': ['admin', 'privacy_officer', 'auditor'],
  'minor_consent.record': ['admin', 'privacy_officer'],
  'console.use': ['admin', 'privacy_officer', 'call_center_agent', 'auditor', 'system_owner'],
  'queue.view': ['admin', 'privacy_officer', 'auditor'],
  'queue.search': ['admin', 'privacy_officer', 'auditor'],
  'document.view': ['admin', 'privacy_officer'],
  'note.create': ['admin', 'privacy_officer'],
  'customer.search': ['admin', 'privacy_officer', 'call_center_agent'],
  'intake.create': ['admin', 'privacy_officer', 'call_center_agent'],
  'intake.list_own': ['admin', 'privacy_officer', 'call_center_agent'],
  'intake.verify_on_call': ['admin', 'privacy_officer', 'call_center_agent'],
  'letters.view': ['admin', 'privacy_officer'],
  'letters.mark_sent': ['admin', 'privacy_officer'],
  'mail.view': ['admin'],
  'mail.resend': ['admin'],
  'inbox.view': ['admin', 'privacy_officer'],
  'inbox.resolve': ['admin', 'privacy_officer'],
  'letters.print_access_report': ['admin', 'privacy_officer'],
  'data_map.view': ['admin', 'privacy_officer', 'auditor'],
  'task.list': ['admin', 'privacy_officer', 'auditor', 'system_owner'],
  'task.complete': ['admin', 'privacy_officer', 'system_owner'],
  'task.waive': ['admin', 'privacy_officer'],
  'task.retry': ['admin', 'privacy_officer'],
  'staff.view': ['admin'],
  'staff.manage': ['admin'],
};

/** Areas where every route must name an action; anything else without one is public. */
const GUARDED_PREFIXES = ['/staff', '/api/v1/staff', '/api/v1/preferences'];

type Rule =
  { kind: 'action'; area: 'console' | 'api'; action: Action } | { kind: 'public' } | { kind: 'signed_in' };

function ruleOf(route: CatalogueEntry): Rule | null {
  const { action, access } = route.config;
  if (action !== undefined) {
    if (!(ACTIONS as readonly string[]).includes(action)) return null;
    return {
      kind: 'action',
      area: route.url.startsWith('/api/') ? 'api' : 'console',
      action: action as Action,
    };
  }
  if (access === 'public') return { kind: 'public' };
  if (access === 'two_factor_pending') return { kind: 'signed_in' };
  const guarded = GUARDED_PREFIXES.some(
    (prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`),
  );
  return guarded ? null : { kind: 'public' };
}

const SAMPLE_PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  documentId: '00000000-0000-4000-8000-000000000001',
  taskId: '00000000-0000-4000-8000-000000000002',
  token: 'A'.repeat(43),
  reference: 'RD-0000-0000',
  locale: 'en',
};

function sampleUrl(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x').replace(/\*$/, 'site.css');
}

/** A role refusal, told apart from a CSRF refusal (also 403) by its code; HEAD answers carry no body. */
function refusedForRole(response: LightMyRequestResponse): boolean {
  const head = response.body === '';
  return (
    response.statusCode === 403 && (head || /AUTH\.FORBIDDEN|Your role may not do this/.test(response.body))
  );
}

function refusedForNoIdentity(response: LightMyRequestResponse): boolean {
  return (
    response.statusCode === 401 ||
    (response.statusCode === 303 && response.headers.location === '/staff/sign-in')
  );
}

const harness = useTestApp();
const sessions = {} as Record<(typeof CONSOLE_ROLES)[number], CookieClient>;
const tokens = {} as Record<StaffRole, string>;

beforeAll(async () => {
  await harness.app.ready();
  for (const role of CONSOLE_ROLES) {
    const user = await createStaffUser(harness.db, harness.config, { role });
    sessions[role] = await signIn(harness.app, user);
  }
  for (const role of STAFF_ROLES) {
    const created = await createApiToken(
      { db: harness.db, clock: { now: () => new Date() } },
      { input: { name: `${role} matrix`, role }, actor: { type: 'system', id: 'test' } },
    );
    tokens[role] = created.token;
  }
});

function call(route: CatalogueEntry, who: { session?: CookieClient; token?: string }) {
  return harness.app.inject({
    method: route.method,
    url: sampleUrl(route.url),
    headers: {
      ...(who.session ? { cookie: who.session.cookieHeader() } : {}),
      ...(who.token ? { authorization: `Bearer ${who.token}` } : {}),
    },
  });
}

describe('the role matrix', () => {
  it('agrees with the access policy for every action and role', () => {
    for (const action of ACTIONS) {
      for (const role of STAFF_ROLES) {
        expect(isAllowed(role, action), `${role} ${action}`).toBe(ROLE_MATRIX[action].includes(role));
      }
    }
  });

  it('gives every registered route an access rule', () => {
    const missing = harness.app.routeCatalogue.filter((route) => ruleOf(route) === null);
    expect(missing.map((route) => `${route.method} ${route.url}`)).toEqual([]);
    expect(harness.app.routeCatalogue.length).toBeGreaterThan(50);
  });

  it('lets exactly the matrix roles through every route, and nobody without identity into guarded ones', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of harness.app.routeCatalogue) {
      const rule = ruleOf(route)!;
      const name = `${route.method} ${route.url}`;
      const anonymous = await call(route, {});
      checked += 1;
      if (rule.kind === 'public') {
        if (refusedForNoIdentity(anonymous) || refusedForRole(anonymous))
          failures.push(`${name}: public route refused`);
        continue;
      }
      if (!refusedForNoIdentity(anonymous))
        failures.push(`${name}: open without identity (${anonymous.statusCode})`);
      if (rule.kind === 'signed_in') {
        for (const role of CONSOLE_ROLES) {
          const response = await call(route, { session: sessions[role] });
          checked += 1;
          if (refusedForNoIdentity(response) || refusedForRole(response))
            failures.push(`${name}: ${role} refused`);
        }
        continue;
      }
      const roles: readonly StaffRole[] = rule.area === 'api' ? STAFF_ROLES : CONSOLE_ROLES;
      for (const role of roles) {
        const response =
          rule.area === 'api'
            ? await call(route, { token: tokens[role] })
            : await call(route, { session: sessions[role as (typeof CONSOLE_ROLES)[number]] });
        checked += 1;
        const allowed = ROLE_MATRIX[rule.action].includes(role);
        if (allowed && (refusedForRole(response) || refusedForNoIdentity(response))) {
          failures.push(`${name}: ${role} should pass, got ${response.statusCode}`);
        }
        if (!allowed && !refusedForRole(response)) {
          failures.push(`${name}: ${role} should be refused, got ${response.statusCode}`);
        }
      }
      // A console session opens nothing in the API and a bearer token nothing in the console.
      if (rule.area === 'api') {
        const withCookie = await call(route, { session: sessions.admin });
        if (!refusedForNoIdentity(withCookie)) failures.push(`${name}: a console session opened the API`);
      } else {
        const withToken = await call(route, { token: tokens.admin });
        if (!refusedForNoIdentity(withToken)) failures.push(`${name}: a bearer token opened the console`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });
});
