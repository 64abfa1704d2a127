// What the consumer API answers, picked field by field; never a database row as it is.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { REQUEST_STATUSES } from '../../domain/lifecycle/index.js';
import { REQUEST_TYPES } from '../../domain/request-types.js';
import { LANGUAGES } from '../../i18n/index.js';

const IsoDate = z.iso.date().describe('YYYY-MM-DD in the business time zone');

export const ReferenceSchema = storableText()
  .trim()
  .min(1)
  .max(40)
  .describe('Public reference, e.g. RD-7KQ2-M9XW');

export const ReferenceParamsSchema = z.object({ reference: ReferenceSchema });

export const CodeSchema = storableText()
  .trim()
  .regex(/^\d{6}$/, { error: 'expected the 6-digit code from the email' });

export const ConsumerReceiptSchema = z.object({
  reference: storableText(),
  type: z.enum(REQUEST_TYPES),
  status: z.enum(REQUEST_STATUSES),
  receivedAt: z.iso.datetime({ offset: true }),
  deadlines: z.object({
    acknowledgeBy: IsoDate.nullable().describe('We confirm receipt by (know, delete, correct)'),
    respondBy: IsoDate,
  }),
  verificationEmailSent: z
    .boolean()
    .describe('A code was emailed to the consumer: to verify, or to confirm an agent'),
});

export const ConsumerStatusSchema = z.object({
  reference: storableText(),
  type: z.enum(REQUEST_TYPES),
  status: z.enum(REQUEST_STATUSES),
  language: z.enum(LANGUAGES),
  receivedAt: z.iso.datetime({ offset: true }),
  deadlines: z.object({ respondBy: IsoDate, extended: z.boolean() }),
  /** The requester used a right code or link; a request still awaiting verification waits for staff. */
  emailControlProven: z.boolean(),
  messages: z.array(z.object({ code: storableText(), text: storableText() })),
});

export const AcceptedSchema = z.object({
  accepted: z.literal(true),
  message: storableText(),
});
