// What the staff API takes and answers, picked field by field: nothing reaches
// a client that a schema here does not name.

import { z } from 'zod';
import { REQUEST_STATUSES } from '../../domain/lifecycle/index.js';
import { CHANNELS, JURISDICTIONS, REQUEST_TYPES, SUBMITTERS } from '../../domain/request-types.js';
import type { QueueQuery } from '../../services/queue/list-queue.js';
import { decodeQueueCursor } from '../../services/queue/queue-cursor.js';

const IsoDate = z.iso.date().describe('YYYY-MM-DD in the business time zone');

/** Query strings carry text, other callers booleans: both are accepted. */
const FlagSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

/** The queue's parameters, read into the queue's query; no status means every status. */
export const ListRequestsQuerySchema = z
  .object({
    status: z.enum(REQUEST_STATUSES).optional(),
    type: z.enum(REQUEST_TYPES).optional(),
    jurisdiction: z.enum(JURISDICTIONS).optional(),
    /** true: still open with the response deadline already past, in the business time zone. */
    overdue: FlagSchema.optional(),
    /** Response deadline strictly before this date (YYYY-MM-DD). */
    dueBefore: z.iso.date().optional(),
    /** `nextCursor` of the previous page; opaque to clients. */
    cursor: z
      .string()
      .max(200)
      .transform((text, context) => {
        const cursor = decodeQueueCursor(text);
        if (cursor !== undefined) return cursor;
        context.issues.push({ code: 'custom', input: text, message: 'not a cursor this service issued' });
        return z.NEVER;
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .transform(({ status, cursor, ...filters }): QueueQuery => ({
    ...filters,
    statuses: status === undefined ? REQUEST_STATUSES : [status],
    after: cursor,
  }));

export const RequestSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string().describe('Public reference, e.g. RD-7KQ2-M9XW'),
  type: z.enum(REQUEST_TYPES),
  jurisdiction: z.enum(JURISDICTIONS),
  channel: z.enum(CHANNELS),
  submitter: z.enum(SUBMITTERS),
  status: z.enum(REQUEST_STATUSES),
  receivedAt: z.iso.datetime({ offset: true }),
  deadlines: z.object({
    acknowledgeBy: IsoDate.nullable().describe('Confirm receipt by (know, delete, correct)'),
    respondBy: IsoDate.describe('Current response due date'),
    extendedRespondBy: IsoDate.nullable().describe('Due date if extended; null when no extension is allowed'),
    extended: z.boolean(),
  }),
  version: z.number().int(),
});

export const RequestPageSchema = z.object({
  items: z.array(RequestSummarySchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});

const ActorSchema = z.object({
  type: z.enum(['consumer', 'staff', 'system', 'api_token']),
  id: z.string().nullable(),
});

export const RequestDetailSchema = RequestSummarySchema.extend({
  deadlines: RequestSummarySchema.shape.deadlines.extend({
    receiptDate: IsoDate,
    explanations: z.object({
      acknowledgeBy: z.string().optional(),
      respondBy: z.string(),
      extendedRespondBy: z.string().optional(),
    }),
  }),
  receivedAtDesignatedAddress: z.boolean().nullable(),
  assigneeId: z.uuid().nullable(),
  ageBand: z.string().nullable(),
  knowScope: z
    .object({ categories: z.boolean(), specificPieces: z.boolean(), beyond12Months: z.boolean() })
    .nullable(),
  lookBack: z
    .object({ from: IsoDate, to: IsoDate, beyond12MonthsFrom: IsoDate.nullable() })
    .nullable()
    .describe('Requests to know: the period the response covers (Civ. 1798.130(a)(2)(B))'),
  sensitiveData: z.boolean(),
  correctedDataPoint: z.string().nullable(),
  priorRequestThisCalendarYear: z.boolean(),
  agentAuthorization: z
    .object({
      signedPermission: z.boolean(),
      powerOfAttorney: z.boolean(),
      consumerVerifiedIdentity: z.boolean(),
      consumerConfirmedPermission: z.boolean(),
    })
    .nullable(),
  outcome: z.record(z.string(), z.unknown()).nullable(),
  subject: z
    .object({
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      address: z
        .object({
          line1: z.string(),
          line2: z.string().nullable(),
          city: z.string(),
          state: z.string(),
          postalCode: z.string(),
        })
        .nullable(),
      accountNumber: z.string().nullable(),
      lastInteractionDate: IsoDate.nullable(),
      ageBand: z.string().nullable(),
      state: z.string().nullable(),
    })
    .nullable()
    .describe('Null for a Global Privacy Control opt-out, which names nobody'),
  correction: z
    .object({
      field: z.string(),
      currentValue: z.string(),
      requestedValue: z.string(),
      explanation: z.string(),
    })
    .partial()
    .nullable(),
  agent: z
    .object({
      kind: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      secretaryOfStateNumber: z.string().nullable(),
    })
    .nullable(),
  verifications: z.array(
    z.object({
      method: z.string(),
      level: z.string(),
      matchedDataPoints: z.array(z.string()),
      emailControlProven: z.boolean(),
      declarationSigned: z.boolean(),
      declarationSignedName: z.string().nullable(),
      recordedAt: z.iso.datetime({ offset: true }),
      actor: ActorSchema,
    }),
  ),
  history: z
    .array(
      z.object({
        sequence: z.string(),
        id: z.uuid(),
        actor: ActorSchema,
        occurredAt: z.iso.datetime({ offset: true }),
        action: z.string(),
        payload: z.record(z.string(), z.unknown()),
      }),
    )
    .describe('The audit trail, oldest first'),
});
