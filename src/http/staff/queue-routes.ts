// The queue (/staff): filters in the query string (never personal data), free
// search by POST (an email must not appear in a URL), bulk assignment.

import { listAssignableStaff } from '../../services/staff-accounts/list-assignable-staff.js';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { CHANNELS, JURISDICTIONS, REQUEST_TYPES } from '../../domain/request-types.js';
import { assignRequests } from '../../services/requests/note-requests.js';
import { searchRequests, SearchInputSchema } from '../../services/requests/staff-search.js';
import {
  listQueue,
  OPEN_STATUSES,
  queueOverview,
  QueueFiltersSchema,
  type QueueFilters,
} from '../../services/requests/staff-queue.js';
import { can, principalOf, staffActor } from './guard.js';
import { fieldErrorsOf } from '../posted-form.js';
import { renderStaffPage } from './render.js';

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A ticked row: the request id and, from the queue page, the version it was listed at ("id:version"). */
const SelectedRequestSchema = z
  .string()
  .regex(/^[0-9a-f-]{36}(:\d{1,9})?$/i)
  .transform((value) => {
    const [id, version] = value.split(':');
    return { id: id!, ...(version === undefined ? {} : { version: Number(version) }) };
  })
  .pipe(z.object({ id: z.uuid(), version: z.number().int().min(1).optional() }));

const BulkAssignFormSchema = z.object({
  requestIds: z.preprocess(
    asArray,
    z.array(SelectedRequestSchema).min(1, { error: 'select at least one request' }).max(200),
  ),
  assigneeId: z.union([z.literal('unassigned'), z.uuid()], { error: 'choose who to assign them to' }),
  /** The filters to return to, as they were in the query string. */
  returnTo: z
    .string()
    .max(1000)
    .regex(/^\/staff(\?[^\s]*)?$/)
    .default('/staff'),
});

/** The query string of the current filters, without the page cursor. */
export function queryStringOf(filters: QueueFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, after: undefined, ...extra })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

const queueRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;

  const renderQueue = async (
    request: Parameters<typeof principalOf>[0],
    reply: Parameters<typeof renderStaffPage>[1],
    filters: QueueFilters,
    extra: { errors?: Record<string, string>; search?: unknown; notice?: string } = {},
  ) => {
    const principal = principalOf(request);
    const [page, overview, assignees] = await Promise.all([
      listQueue(deps, { filters, viewerId: principal.user.id }),
      queueOverview(deps),
      listAssignableStaff(deps),
    ]);
    return renderStaffPage(request, reply, 'queue', {
      title: 'Request queue',
      filters,
      page,
      overview,
      assignees,
      options: {
        statuses: OPEN_STATUSES,
        types: REQUEST_TYPES,
        jurisdictions: JURISDICTIONS,
        channels: CHANNELS,
      },
      currentQuery: queryStringOf(filters),
      nextPageQuery: page.nextCursor === null ? null : queryStringOf(filters, { after: page.nextCursor }),
      canAssign: can(request, 'request.assign'),
      errors: extra.errors ?? {},
      search: extra.search ?? null,
      notice: extra.notice ?? null,
    });
  };

  app.get('/', { config: { action: 'queue.view' } }, async (request, reply) => {
    const parsed = QueueFiltersSchema.safeParse(request.query);
    if (!parsed.success) {
      return renderQueue(request, reply.status(400), {}, { errors: fieldErrorsOf(parsed.error.issues) });
    }
    const notice = (request.query as { assigned?: string }).assigned;
    return renderQueue(request, reply, parsed.data, {
      ...(notice && /^\d+$/.test(notice) ? { notice: `${notice} request(s) assigned.` } : {}),
    });
  });

  app.post(
    '/search',
    { config: { action: 'queue.search' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const parsed = SearchInputSchema.safeParse(request.body);
      const query =
        typeof (request.body as { query?: unknown })?.query === 'string'
          ? (request.body as { query: string }).query
          : '';
      if (!parsed.success) {
        return renderQueue(
          request,
          reply.status(400),
          {},
          { errors: fieldErrorsOf(parsed.error.issues), search: { query, results: null } },
        );
      }
      const found = await searchRequests(deps, { query: parsed.data.query, actor: staffActor(request) });
      if (found === null) {
        return renderQueue(
          request,
          reply.status(400),
          {},
          {
            errors: { query: 'enter a reference such as RD-7KQ2-M9XW or a full email address' },
            search: { query, results: null },
          },
        );
      }
      if (found.by === 'reference' && found.results.length === 1) {
        return reply.redirect(`/staff/requests/${found.results[0]!.id}`, 303);
      }
      return renderStaffPage(request, reply, 'search-results', {
        title: 'Search results',
        query,
        by: found.by,
        results: found.results,
      });
    },
  );

  app.post(
    '/assign',
    { config: { action: 'request.assign' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const parsed = BulkAssignFormSchema.safeParse(request.body);
      if (!parsed.success) {
        return renderQueue(request, reply.status(400), {}, { errors: fieldErrorsOf(parsed.error.issues) });
      }
      const { requestIds, assigneeId, returnTo } = parsed.data;
      let count: number;
      try {
        count = await assignRequests(deps, {
          requests: requestIds,
          assigneeId: assigneeId === 'unassigned' ? null : assigneeId,
          actor: staffActor(request),
        });
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind !== 'conflict') throw error;
        // The queue as it is now, under the filters the officer was looking at, with why nothing changed.
        const filters = QueueFiltersSchema.safeParse(
          Object.fromEntries(new URLSearchParams(returnTo.split('?')[1] ?? '')),
        );
        return renderQueue(request, reply.status(409), filters.success ? filters.data : {}, {
          errors: { form: error.message },
        });
      }
      const separator = returnTo.includes('?') ? '&' : '?';
      return reply.redirect(`${returnTo}${separator}assigned=${count}`, 303);
    },
  );
};

export default queueRoutes;
