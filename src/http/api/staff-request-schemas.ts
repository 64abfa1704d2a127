// What the staff API takes and answers, picked field by field: nothing reaches
// a client that a schema here does not name.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { REQUEST_STATUSES } from '../../domain/lifecycle/index.js';
import { CHANNELS, JURISDICTIONS, REQUEST_TYPES, SUBMITTERS } from '../../domain/request-types.js';
import { VERIFICATION_RAISE_BASES } from '../../domain/verification-rules.js';
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
    cursor: storableText()
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
  reference: storableText().describe('Public reference, e.g. RD-7KQ2-M9XW'),
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
  nextCursor: storableText().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});

const ActorSchema = z.object({
  type: z.enum(['consumer', 'staff', 'system', 'api_token']),
  id: storableText().nullable(),
});

export const RequestDetailSchema = RequestSummarySchema.extend({
  deadlines: RequestSummarySchema.shape.deadlines.extend({
    receiptDate: IsoDate,
    explanations: z.object({
      acknowledgeBy: storableText().optional(),
      respondBy: storableText(),
      extendedRespondBy: storableText().optional(),
    }),
  }),
  receivedAtDesignatedAddress: z.boolean().nullable(),
  assigneeId: z.uuid().nullable(),
  ageBand: storableText().nullable(),
  knowScope: z
    .object({ categories: z.boolean(), specificPieces: z.boolean(), beyond12Months: z.boolean() })
    .nullable(),
  lookBack: z
    .object({ from: IsoDate, to: IsoDate, beyond12MonthsFrom: IsoDate.nullable() })
    .nullable()
    .describe('Requests to know: the period the response covers (Civ. 1798.130(a)(2)(B))'),
  sensitiveData: z.boolean(),
  raisedVerification: z
    .object({
      level: z.literal('reasonably_high'),
      basis: z.enum(VERIFICATION_RAISE_BASES),
      reason: storableText(),
    })
    .nullable()
    .describe(
      'The level an officer raised the request to, and why (Regs 7062(c), (d)); null when not raised',
    ),
  correctedDataPoint: storableText().nullable(),
  priorRequestThisCalendarYear: z.boolean(),
  agentAuthorization: z
    .object({
      signedPermission: z.boolean(),
      powerOfAttorney: z.boolean(),
      consumerVerifiedIdentity: z.boolean(),
      consumerConfirmedPermission: z.boolean(),
    })
    .nullable(),
  outcome: z.record(storableText(), z.unknown()).nullable(),
  subject: z
    .object({
      firstName: storableText().nullable(),
      lastName: storableText().nullable(),
      email: storableText().nullable(),
      phone: storableText().nullable(),
      address: z
        .object({
          line1: storableText(),
          line2: storableText().nullable(),
          city: storableText(),
          state: storableText(),
          postalCode: storableText(),
        })
        .nullable(),
      accountNumber: storableText().nullable(),
      lastInteractionDate: IsoDate.nullable(),
      ageBand: storableText().nullable(),
      state: storableText().nullable(),
    })
    .nullable()
    .describe('Null for a Global Privacy Control opt-out, which names nobody'),
  correction: z
    .object({
      field: storableText(),
      currentValue: storableText(),
      requestedValue: storableText(),
      explanation: storableText(),
    })
    .partial()
    .nullable(),
  agent: z
    .object({
      kind: storableText(),
      name: storableText(),
      email: storableText().nullable(),
      phone: storableText().nullable(),
      secretaryOfStateNumber: storableText().nullable(),
    })
    .nullable(),
  verifications: z.array(
    z.object({
      method: storableText(),
      level: storableText(),
      matchedDataPoints: z.array(storableText()),
      emailControlProven: z.boolean(),
      declarationSigned: z.boolean(),
      declarationSignedName: storableText().nullable(),
      recordedAt: z.iso.datetime({ offset: true }),
      actor: ActorSchema,
    }),
  ),
  language: z
    .enum(['en', 'es'])
    .describe('The language the requester used; everything written to them is in it'),
  messages: z
    .array(
      z.object({
        direction: z.enum(['in', 'out']),
        channel: z.enum(['email', 'letter', 'status_page']),
        at: z.iso.datetime({ offset: true }),
        subject: storableText(),
        text: storableText(),
        delivery: z.enum(['pending', 'sent', 'failed', 'bounced']).nullable(),
        unread: z.boolean(),
      }),
    )
    .describe(
      'The conversation, oldest first: notices and officers’ messages out, the requester’s messages in',
    ),
  history: z
    .array(
      z.object({
        sequence: storableText(),
        id: z.uuid(),
        actor: ActorSchema,
        occurredAt: z.iso.datetime({ offset: true }),
        action: storableText(),
        payload: z.record(storableText(), z.unknown()),
      }),
    )
    .describe('The audit trail, oldest first'),
});
