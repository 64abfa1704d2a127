// What a new request carries, shared by every API and form in the product.
// Strings are trimmed and bounded, so no input is unbounded.

import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import {
  AGE_BANDS,
  CHANNELS,
  CHANNELS_CONFIRMED_BY_LETTER,
  JURISDICTION_OF_TYPE,
  isAppliedWithoutVerification,
  REQUEST_TYPES,
  SUBMITTERS,
  type RequestType,
} from '../../domain/request-types.js';
import { US_STATE_CODES } from '../../domain/us-states.js';

const text = (max: number) => storableText().trim().min(1).max(max);

/** A name is one line: a line break in it would start a new line in a plain-text email. */
const personName = (max: number) =>
  text(max).transform((name) => name.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '));

/** Optional text: a blank value, as an empty form field sends it, counts as absent. */
const optionalText = (max: number) =>
  storableText()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? undefined : value))
    .optional();

const EmailSchema = storableText().trim().max(254).pipe(z.email());

/**
 * Today's date where it is latest on Earth (UTC+14): a date after it is in the
 * future for every requester, whatever their time zone.
 */
function latestDateAnywhere(): string {
  return new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
}

const UsStateSchema = storableText().trim().toUpperCase().pipe(z.enum(US_STATE_CODES));

/** Normalised to E.164 (+14155550100); national numbers are read as US numbers. */
export const PhoneSchema = storableText()
  .trim()
  .max(40)
  .transform((value, context) => {
    const phone = parsePhoneNumberFromString(value, 'US');
    if (phone?.isValid()) return phone.number;
    context.issues.push({
      code: 'custom',
      input: value,
      message: 'expected a phone number such as (415) 555-0100 or +44 20 7946 0958',
    });
    return z.NEVER;
  });

export const AddressSchema = z.object({
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  state: UsStateSchema,
  postalCode: storableText()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, { error: 'expected a US ZIP code such as 94105 or 94105-1234' }),
});

/**
 * The consumer the request is about. `state` is the US state of residence.
 * Name and state are optional here only because an opt-out or limit asks for
 * no more than it needs (Regs 7026, 7027); SubmitRequestInputSchema requires
 * them for every other type.
 */
export const SubjectSchema = z.object({
  firstName: personName(100).optional(),
  lastName: personName(100).optional(),
  /** Required by SubmitRequestInputSchema unless the channel allows a letter or the type is an opt-out or limit. */
  email: EmailSchema.optional(),
  phone: PhoneSchema.optional(),
  address: AddressSchema.optional(),
  accountNumber: optionalText(64),
  /** Date of the last contact with customer service, a data point for verification (docs/legal-rules.md#data-points). */
  lastInteractionDate: z.iso
    .date()
    .refine((date) => date <= latestDateAnywhere(), {
      error: 'a date in the future cannot be a past contact',
    })
    .optional(),
  /** Civ. 1798.120(c): under 16, sale and sharing need opt-in. */
  ageBand: z.enum(AGE_BANDS).optional(),
  state: UsStateSchema.optional(),
});

/** Civ. 1798.110: categories and/or specific pieces; optionally back to 2022-01-01 (Civ. 1798.130(a)(2)(B)). */
export const KnowScopeInputSchema = z
  .object({
    categories: z.boolean(),
    specificPieces: z.boolean(),
    beyond12Months: z.boolean().default(false),
  })
  .refine((scope) => scope.categories || scope.specificPieces, {
    error: 'ask for categories, specific pieces or both',
  });

/**
 * Civ. 1798.106; Regs 7023. `field` names what is wrong; when it is an identity
 * data point ('email', 'postal_address', ...) it cannot be used to verify the
 * requester (Regs 7060).
 */
export const CorrectionSchema = z.object({
  field: text(100),
  currentValue: text(1000),
  requestedValue: text(1000),
  explanation: optionalText(2000),
});

/** Regs 7063: a natural person, or a business registered with the California Secretary of State. */
export const AgentSchema = z.object({
  kind: z.enum(['person', 'business']),
  name: personName(200),
  email: EmailSchema.optional(),
  phone: PhoneSchema.optional(),
  secretaryOfStateNumber: optionalText(40),
});

/**
 * Regs 7062(c), (d): the declaration under penalty of perjury, signed by typing
 * one's full name; kept with the request record.
 */
export const DeclarationSchema = z.object({ signedName: personName(200) });
export type Declaration = z.output<typeof DeclarationSchema>;

const TYPES_WITH_SENSITIVE_DATA: readonly RequestType[] = ['delete', 'correct'];

export const SubmitRequestInputSchema = z
  .object({
    type: z.enum(REQUEST_TYPES),
    subject: SubjectSchema,
    channel: z.enum(CHANNELS),
    /** When the request arrived, e.g. a phone call logged later; the service refuses a future time. */
    receivedAt: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value))
      .optional(),
    /** Defaults to `authorized_agent` when agent details are given, `self` otherwise. */
    submitter: z.enum(SUBMITTERS).optional(),
    agent: AgentSchema.optional(),
    /** Shine the Light: whether it arrived at a designated address (Civ. 1798.83(b)). */
    designatedAddress: z.boolean().optional(),
    /** Delete and correct: the data concerned is sensitive (Regs 7062(d)). */
    sensitiveData: z.boolean().default(false),
    know: KnowScopeInputSchema.optional(),
    correction: CorrectionSchema.optional(),
  })
  .superRefine((input, context) => {
    const problem = (path: string, message: string) =>
      context.issues.push({ code: 'custom', input, path: path.split('.'), message });
    const { subject } = input;
    // Regs 7060(b): the opt-outs are not verified, so they need no name, state or email.
    if (isAppliedWithoutVerification(input.type)) {
      // Regs 7026(c), 7027(d): only what is needed to apply it, one identifier to apply it to.
      if (!subject.email && !subject.phone && !subject.accountNumber) {
        problem('subject.email', 'give an email address, a phone number or an account number to apply it to');
      }
    } else {
      for (const field of ['firstName', 'lastName', 'state'] as const) {
        if (subject[field] === undefined) problem(`subject.${field}`, 'required for this type of request');
      }
    }
    if (subject.email === undefined && !isAppliedWithoutVerification(input.type)) {
      // Regs 7021(a): the receipt confirmation needs somewhere to go.
      if (!CHANNELS_CONFIRMED_BY_LETTER.includes(input.channel)) {
        problem('subject.email', 'enter an email address: the request is confirmed and verified by email');
      } else if (input.subject.address === undefined) {
        problem(
          'subject.email',
          'enter an email address or a full postal address for the written confirmation',
        );
      }
    }
    if ((input.type === 'know') !== (input.know !== undefined)) {
      problem('know', 'a know request, and only a know request, gives `know`');
    }
    if ((input.type === 'correct') !== (input.correction !== undefined)) {
      problem('correction', 'a correct request, and only a correct request, gives `correction`');
    }
    if (input.designatedAddress !== undefined && JURISDICTION_OF_TYPE[input.type] !== 'ca_shine_the_light') {
      problem('designatedAddress', 'only a Shine the Light request records a designated address');
    }
    if (input.sensitiveData && !TYPES_WITH_SENSITIVE_DATA.includes(input.type)) {
      problem('sensitiveData', 'only delete and correct requests concern sensitive data');
    }
    const byAgent = (input.submitter ?? 'authorized_agent') === 'authorized_agent';
    if (input.agent !== undefined && !byAgent) {
      problem('agent', 'agent details come only with an authorized agent submitter');
    }
    if (input.submitter === 'authorized_agent' && input.agent === undefined) {
      problem('agent', 'an authorized agent gives their details');
    }
  })
  .transform(({ submitter, ...input }) => ({
    ...input,
    submitter: submitter ?? (input.agent === undefined ? 'self' : 'authorized_agent'),
  }));
export type SubmitRequestInput = z.output<typeof SubmitRequestInputSchema>;
