// The queue (/staff): filters in the query string (never personal data), free
// search by POST (an email must not appear in a URL), bulk assignment.

import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { DomainError } from '../../domain/errors.js';
import { OPEN_STATUSES } from '../../domain/lifecycle/index.js';
import { CHANNELS, JURISDICTIONS, REQUEST_TYPES } from '../../domain/request-types.js';
import { getQueueOverview } from '../../services/queue/get-queue-overview.js';
import { listRequestsWithTasksNeedingAttention } from '../../services/fulfilment/task-views.js';
import { listQueue, type QueueQuery } from '../../services/queue/list-queue.js';
import { decodeQueueCursor } from '../../services/queue/queue-cursor.js';
import { searchRequests, SearchInputSchema } from '../../services/queue/search-requests.js';
import { assignRequests } from '../../services/requests/assign-requests.js';
import { listAssignableStaff } from '../../services/staff-accounts/list-assignable-staff.js';
import { can, principalOf, staffActor } from './guard.js';
import { fieldErrorsOf } from '../posted-form.js';
import { renderStaffPage } from './render.js';

const QUEUE_PAGE_SIZE = 50;

const blank = (value: unknown) => (value === '' ? undefined : value);

/** The filters, as the query string carries them: no personal data ever goes here. */
const QueueFiltersSchema = z.object({
  status: z.preprocess(blank, z.enum(OPEN_STATUSES).optional()),
  type: z.preprocess(blank, z.enum(REQUEST_TYPES).optional()),
  jurisdiction: z.preprocess(blank, z.enum(JURISDICTIONS).optional()),
  channel: z.preprocess(blank, z.enum(CHANNELS).optional()),
  /** A staff user id, `me` or `unassigned`. */
  assignee: z.preprocess(blank, z.union([z.literal('me'), z.literal('unassigned'), z.uuid()]).optional()),
  dueWithinDays: z.preprocess(blank, z.coerce.number().int().min(0).max(365).optional()),
  overdue: z.preprocess(blank, z.enum(['true']).optional()),
  /** The page cursor; one that is not the service's own shows the first page. */
  after: z.preprocess(blank, storableText().max(200).optional()),
});
type QueueFilters = z.output<typeof QueueFiltersSchema>;

/** The console lists open requests only, whichever filters are set. */
function queueQueryOf(filters: QueueFilters, viewerId: string): QueueQuery {
  const { status, assignee, overdue, after, ...rest } = filters;
  return {
    ...rest,
    statuses: status === undefined ? OPEN_STATUSES : [status],
    assigneeId: assignee === 'me' ? viewerId : assignee === 'unassigned' ? null : assignee,
    overdue: overdue === 'true' ? true : undefined,
    after: decodeQueueCursor(after),
    limit: QUEUE_PAGE_SIZE,
  };
}

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A ticked row: the request id and, from the queue page, the version it was listed at ("id:version"). */
const SelectedRequestSchema = storableText()
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
  returnTo: storableText()
    .max(1000)
    .regex(/^\/staff(\?[^\s]*)?$/)
    .default('/staff'),
});

/** The query string of the current filters, without the page cursor. */
function queryStringOf(filters: QueueFilters, extra: Record<string, string> = {}): string {
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
    const [page, overview, assignees, needingAttention] = await Promise.all([
      listQueue(deps, queueQueryOf(filters, principal.user.id)),
      getQueueOverview(deps),
      listAssignableStaff(deps),
      listRequestsWithTasksNeedingAttention(deps),
    ]);
    return renderStaffPage(request, reply, 'queue', {
      title: 'Request queue',
      needingAttention,
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

  app.get('/', { config: { action: 'queue.view', query: QueueFiltersSchema } }, async (request, reply) => {
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
    { config: { action: 'queue.search', form: SearchInputSchema }, preHandler: app.csrfProtection },
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
    { config: { action: 'request.assign', form: BulkAssignFormSchema }, preHandler: app.csrfProtection },
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
