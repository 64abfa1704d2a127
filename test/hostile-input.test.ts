// Every string field of every route, read from the schemas the routes declare (API
// bodies, queries and params; the console's forms and queries), is sent a NUL
// character: each answers 400 naming the field, never a server error.

import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { NUL_CHARACTER_MESSAGE } from '../src/domain/storable-text.js';
import type { CatalogueEntry, RouteInputSchemas } from '../src/http/plugins/route-catalogue.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { createStaffUser as createUserWithLink } from '../src/services/staff-accounts/staff-accounts.js';
import { useTestApp } from './support/app.js';
import { CookieClient } from './support/cookie-client.js';
import { createStaffUser, signIn, STAFF_PASSWORD } from './support/staff.js';

type Path = readonly string[];

/** Marks the end of a path whose string has a format. */
const FORMAT = '(format)';

/**
 * The paths of the string leaves of a zod schema; an array element's path ends in '0'.
 * Free text is told apart from formats (uuid, email, date), which refuse a NUL by their
 * own pattern and say so in their own words.
 */
function stringPathsOf(schema: z.ZodType | undefined, path: Path = []): Path[] {
  if (schema === undefined) return [];
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string, at: Path = path) => stringPathsOf(def[key] as z.ZodType, at);
  switch (def.type) {
    case 'string':
      return [def.format === undefined ? path : [...path, FORMAT]];
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) =>
        stringPathsOf(field, [...path, key]),
      );
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return inner('innerType');
    case 'pipe':
      // A preprocess is a pipe from a transform: the schema that reads the value is its output.
      return (def.in as z.ZodType)._zod.def.type === 'transform' ? inner('out') : inner('in');
    case 'array':
      return inner('element', [...path, '0']);
    case 'intersection':
      return unique([...inner('left'), ...inner('right')]);
    case 'union':
      return unique((def.options as z.ZodType[]).flatMap((option) => stringPathsOf(option, path)));
    default:
      // Enums, numbers, uuids, dates: not free text. `catch` fields drop a bad value by design.
      return [];
  }
}

function unique(paths: Path[]): Path[] {
  return [...new Map(paths.map((path) => [path.join('.'), path])).values()];
}

/** `{ a: { b: '\0' } }` for ['a', 'b']; arrays hold one element. */
function nestedValue(path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return head === '0' ? [nestedValue(rest, value)] : { [head!]: nestedValue(rest, value) };
}

const harness = useTestApp({ environment: { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_EMAIL: '0' } });
const samples: Record<string, string> = {};
let adminToken = '';
let admin: CookieClient;
let pendingTwoFactor: CookieClient;
let anonymous: CookieClient;

beforeAll(async () => {
  await harness.app.ready();
  const deps = { db: harness.db, clock: { now: () => new Date() }, config: harness.config };
  adminToken = (
    await createApiToken(deps, {
      input: { name: 'hostile', role: 'admin' },
      actor: { type: 'system', id: 'test' },
    })
  ).token;
  const created = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/staff/requests',
    headers: { authorization: `Bearer ${adminToken}` },
    payload: {
      type: 'delete',
      channel: 'phone',
      subject: { firstName: 'Ana', lastName: 'Ruiz', email: 'ana@example.com', state: 'CA' },
    },
  });
  expect(created.statusCode).toBe(201);
  const request = created.json<{ id: string; reference: string }>();
  const officer = await createStaffUser(harness.db, harness.config, { role: 'admin' });
  const { signInLink, user } = await createUserWithLink(deps, {
    input: { email: 'new.hire@rightsdesk.test', name: 'New Hire', role: 'auditor' },
    actor: { type: 'system', id: 'test' },
  });
  Object.assign(samples, {
    id: request.id,
    reference: request.reference,
    token: new URL(signInLink).pathname.split('/').pop()!,
    userId: user.id,
    // Any well-formed id: the body is read (and refused) before the task is looked up.
    taskId: randomUUID(),
  });
  admin = await signIn(harness.app, officer);
  pendingTwoFactor = new CookieClient(harness.app);
  const password = await pendingTwoFactor.post('/staff/sign-in', {
    email: officer.email,
    password: STAFF_PASSWORD,
  });
  expect(password.status).toBe(303);
  anonymous = new CookieClient(harness.app);
});

function urlOf(route: CatalogueEntry, params: Record<string, string> = {}): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => {
    if (name in params) return params[name]!;
    if (name === 'id' && route.url.startsWith('/staff/users')) return samples.userId!;
    return samples[name] ?? 'x';
  });
}

/** The one who may call the route: a session or token, and the page whose CSRF token a form carries. */
function callerOf(route: CatalogueEntry): { client: CookieClient; formPage: string } {
  if (route.config.access === 'public') {
    return {
      client: anonymous,
      formPage: route.url.startsWith('/staff/welcome') ? urlOf(route) : '/staff/sign-in',
    };
  }
  if (route.config.access === 'two_factor_pending' && route.url.startsWith('/staff/two-factor')) {
    return { client: pendingTwoFactor, formPage: '/staff/two-factor' };
  }
  return { client: admin, formPage: '/staff' };
}

async function send(route: CatalogueEntry, where: keyof RouteInputSchemas, path: Path) {
  const nul = '\0';
  const isApi = route.url.startsWith('/api/');
  if (where === 'params') {
    return harness.app.inject({
      method: route.method,
      url: urlOf(route, { [path[0]!]: '%00' }),
      headers: isApi
        ? { authorization: `Bearer ${adminToken}` }
        : { cookie: callerOf(route).client.cookieHeader() },
      ...(route.method === 'POST' ? { payload: {} } : {}),
    });
  }
  if (where === 'querystring') {
    const query = `?${path[0]}=%00`;
    if (isApi) {
      return harness.app.inject({
        method: route.method,
        url: `${urlOf(route)}${query}`,
        headers: { authorization: `Bearer ${adminToken}` },
      });
    }
    return callerOf(route).client.get(`${urlOf(route)}${query}`);
  }
  if (isApi) {
    return harness.app.inject({
      method: route.method,
      url: urlOf(route),
      headers: { authorization: `Bearer ${adminToken}` },
      payload: nestedValue(path, nul) as Record<string, unknown>,
    });
  }
  const { client, formPage } = callerOf(route);
  const field = path[0]!;
  return client.post(urlOf(route), { [field]: path.length > 1 ? [nul] : nul }, formPage);
}

function namesField(
  response: LightMyRequestResponse,
  where: keyof RouteInputSchemas,
  path: Path,
  formatted: boolean,
): boolean {
  if (!response.headers['content-type']?.toString().includes('application/json')) {
    if (where === 'params') return true;
    return formatted ? response.body.includes(`${path[0]}:`) : response.body.includes(NUL_CHARACTER_MESSAGE);
  }
  const issues = response.json<{ error: { issues?: { path: string }[] } }>().error.issues ?? [];
  const dotted = path.join('.');
  return issues.some((issue) => issue.path === dotted || issue.path === path[0]);
}

describe('a NUL character in any string field', () => {
  it('answers 400 naming the field, on every route that reads text', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const route of harness.app.routeCatalogue) {
      if (route.method === 'HEAD') continue;
      for (const where of ['body', 'querystring', 'params'] as const) {
        for (const leaf of stringPathsOf(route.input[where])) {
          const path = leaf.filter((part) => part !== FORMAT);
          const response = await send(route, where, path);
          tried += 1;
          const name = `${route.method} ${route.url} ${where} ${path.join('.')}`;
          if (response.statusCode !== 400) failures.push(`${name}: ${response.statusCode}`);
          else if (!namesField(response, where, path, leaf.includes(FORMAT)))
            failures.push(`${name}: the answer does not name the field`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The public and staff APIs, preferences and the console's forms: well over a hundred fields.
    expect(tried).toBeGreaterThan(60);
  });
});
