// Call-center intake: an agent logs a request made on the phone,
// with how the caller's identity was checked on the call, through the same
// submitRequest as every other channel.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import {
  CORRECTABLE_FIELDS,
  DATA_POINTS,
  REQUEST_TYPES,
  type DataPoint,
} from '../../domain/request-types.js';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { insertRequestNote } from './add-request-note.js';
import { PhoneSchema, SubmitRequestInputSchema, type SubmitRequestInput } from './request-schemas.js';
import { findRecordsForStaffReview, type CustomerMatch } from '../customers/find-records-for-staff-review.js';
import { appendAuditEvents, listRequestIdsSubmittedBy } from '../audit/audit-log-repo.js';
import { listRequestsInOrder } from './requests-repo.js';
import { submitRequest } from './submit-request.js';
import { recordDecision } from './record-decision.js';
import { decide, evolve, verificationSubjectOf, type RequestState } from '../../domain/lifecycle/index.js';
import { assessVerification } from '../../domain/verification-rules.js';
import type { RequestSummary } from './request-summary.js';

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = (max: number) => z.preprocess(blank, storableText().trim().max(max).optional());
const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The intake form as posted; the subject's own rules are SubmitRequestInputSchema's. */
export const PhoneIntakeFormSchema = z.object({
  type: z.enum(REQUEST_TYPES, { error: 'choose the kind of request' }),
  firstName: storableText().trim().max(100),
  lastName: storableText().trim().max(100),
  /** Blank when the caller has none: the written confirmation then goes by post to the address. */
  email: optionalText(254),
  phone: optionalText(40),
  accountNumber: optionalText(64),
  /** YYYY-MM-DD, as the caller states it: matched against the record, never shown from it. */
  lastInteractionDate: optionalText(10),
  addressLine1: optionalText(200),
  addressCity: optionalText(100),
  addressState: optionalText(2),
  addressPostalCode: optionalText(10),
  state: storableText().trim().max(2).default('CA'),
  /** Asked only of a `correct` request, and ignored for any other type. */
  correctionField: z.preprocess(
    blank,
    z.enum(CORRECTABLE_FIELDS, { error: 'choose what is to be corrected' }).optional(),
  ),
  currentValue: optionalText(1000),
  requestedValue: optionalText(1000),
  correctionExplanation: optionalText(2000),
  /** Data points the caller stated correctly: they count only where the matcher agrees with the record. */
  confirmedDataPoints: z.preprocess(asArray, z.array(z.enum(DATA_POINTS)).max(DATA_POINTS.length)),
  callReference: storableText()
    .trim()
    .min(1, { error: 'enter the call reference from the phone system' })
    .max(64),
  /** Local date-time in the business time zone, only when the call was earlier. */
  callReceivedAt: optionalText(40),
  attestation: z.literal('on', { error: 'confirm that you checked the caller as recorded' }),
  confirmationBy: z.enum(['email', 'mail']).default('email'),
});
type PhoneIntakeForm = z.output<typeof PhoneIntakeFormSchema>;

/** Turns the form into a submission; errors are keyed by form field for re-rendering. */
export function submissionOfIntakeForm(
  form: PhoneIntakeForm,
  receivedAt: Date | undefined,
): { ok: true; input: SubmitRequestInput } | { ok: false; errors: Record<string, string> } {
  const hasAddress = [form.addressLine1, form.addressCity, form.addressState, form.addressPostalCode].some(
    (part) => part !== undefined,
  );
  const parsed = SubmitRequestInputSchema.safeParse({
    type: form.type,
    channel: 'phone',
    ...(receivedAt === undefined ? {} : { receivedAt: receivedAt.toISOString() }),
    subject: {
      // An opt-out needs no name (Regs 7026(c)); other types say which is missing.
      ...(form.firstName === '' ? {} : { firstName: form.firstName }),
      ...(form.lastName === '' ? {} : { lastName: form.lastName }),
      ...(form.email === undefined ? {} : { email: form.email }),
      ...(form.phone === undefined ? {} : { phone: form.phone }),
      ...(form.accountNumber === undefined ? {} : { accountNumber: form.accountNumber }),
      ...(form.lastInteractionDate === undefined ? {} : { lastInteractionDate: form.lastInteractionDate }),
      ...(hasAddress
        ? {
            address: {
              line1: form.addressLine1 ?? '',
              city: form.addressCity ?? '',
              state: form.addressState ?? '',
              postalCode: form.addressPostalCode ?? '',
            },
          }
        : {}),
      state: form.state,
    },
    // A know request by phone asks for categories unless an officer narrows it with the caller.
    ...(form.type === 'know' ? { know: { categories: true, specificPieces: false } } : {}),
    ...(form.type === 'correct'
      ? {
          correction: {
            field: form.correctionField ?? '',
            currentValue: form.currentValue ?? '',
            requestedValue: form.requestedValue ?? '',
            ...(form.correctionExplanation === undefined ? {} : { explanation: form.correctionExplanation }),
          },
        }
      : {}),
  });
  // An empty part of the correction is named in the agent's words, before the schema's.
  const errors: Record<string, string> = form.type === 'correct' ? missingCorrectionErrorsOf(form) : {};
  if (form.confirmationBy === 'mail' && !hasAddress) {
    errors.addressLine1 = 'enter the postal address the confirmation letter goes to';
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: parsed.data };
  for (const issue of parsed.error?.issues ?? []) {
    const field = FORM_FIELD_OF_PATH[issue.path.join('.')] ?? 'form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The correction's parts the agent left empty, each with what to ask the caller. */
function missingCorrectionErrorsOf(form: PhoneIntakeForm): Record<string, string> {
  return {
    ...(form.correctionField === undefined ? { correctionField: 'choose what is to be corrected' } : {}),
    ...(form.currentValue === undefined ? { currentValue: 'enter what the record says now' } : {}),
    ...(form.requestedValue === undefined ? { requestedValue: 'enter what it should say' } : {}),
  };
}

const FORM_FIELD_OF_PATH: Record<string, string> = {
  'correction.field': 'correctionField',
  'correction.currentValue': 'currentValue',
  'correction.requestedValue': 'requestedValue',
  'correction.explanation': 'correctionExplanation',
  'subject.firstName': 'firstName',
  'subject.lastName': 'lastName',
  'subject.email': 'email',
  'subject.phone': 'phone',
  'subject.accountNumber': 'accountNumber',
  'subject.lastInteractionDate': 'lastInteractionDate',
  'subject.address.line1': 'addressLine1',
  'subject.address.city': 'addressCity',
  'subject.address.state': 'addressState',
  'subject.address.postalCode': 'addressPostalCode',
  'subject.state': 'state',
  receivedAt: 'callReceivedAt',
};

/**
 * Submits the request with channel `phone` and the agent as actor, its receipt
 * confirmation queued, and how the caller was checked kept as a note: one
 * transaction. Where the role may verify on the call, the data points the caller
 * stated and the matcher found on the record verify the request at the level they
 * reach (Regs 7062), by the agent; below that level it waits for an officer.
 */
export async function logPhoneRequest(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  {
    input,
    form,
    match,
    verifyOnCall,
    actor,
  }: {
    input: SubmitRequestInput;
    form: PhoneIntakeForm;
    /** The best customer record for what the caller said, or null when none was found. */
    match: CustomerMatch | null;
    verifyOnCall: boolean;
    actor: Actor & { type: 'staff' };
  },
): Promise<RequestSummary> {
  // A tick counts only where the matcher agrees: the agent never sees the record's values.
  const stated =
    match === null ? [] : form.confirmedDataPoints.filter((point) => match.matched.includes(point));
  return submitRequest(deps, {
    input,
    actor,
    extras: {
      receiptConfirmationBy: confirmationByOf(form),
      // In the submission's own transaction: the request never exists without its intake record.
      alsoWrite: async (tx, created) => {
        const now = deps.clock.now();
        await insertRequestNote(tx, {
          requestId: created.row.id,
          body: intakeNoteOf(form, match?.customer.accountNumber ?? null, stated),
          actor,
          now,
        });
        if (!verifyOnCall || created.state.status !== 'awaiting_verification') return;
        const evidence = { matchedDataPoints: stated, emailControlProven: false, declarationSigned: false };
        const subject = verificationSubjectOf(created.state);
        if (!assessVerification(subject, evidence, deps.policy.lifecycle.verification).met) return;
        const events = decide(
          created.state,
          { kind: 'verify', method: 'records_match', ...evidence },
          now,
          deps.policy.lifecycle,
        );
        return recordDecision(tx, {
          request: { loaded: created },
          events,
          state: events.reduce<RequestState>(evolve, created.state),
          actor,
          now,
        });
      },
    },
  });
}

/** The agent's choice, or a letter when the caller gave no email. */
function confirmationByOf(form: PhoneIntakeForm): 'email' | 'letter' {
  return form.confirmationBy === 'mail' || form.email === undefined ? 'letter' : 'email';
}

function intakeNoteOf(
  form: PhoneIntakeForm,
  customerAccountNumber: string | null,
  stated: readonly DataPoint[],
): string {
  const confirmed: readonly DataPoint[] = form.confirmedDataPoints;
  return [
    `Phone intake, call reference ${form.callReference}.`,
    customerAccountNumber === null
      ? 'No customer record was found on the call.'
      : `Caller confirmed against customer record ${customerAccountNumber}: ${confirmed.length > 0 ? confirmed.join(', ') : 'nothing'}; matching the record: ${stated.length > 0 ? stated.join(', ') : 'nothing'}.`,
    'The agent attested that the caller was checked as recorded here.',
    `Written confirmation by ${confirmationByOf(form) === 'email' ? 'email' : 'postal mail'}.`,
  ].join(' ');
}

interface OwnSubmission {
  id: string;
  reference: string;
  type: string;
  status: string;
  receivedAt: Date;
}

/** An agent's own most recent submissions, and nothing else of the queue. */
export async function listOwnSubmissions(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  { staffId, limit = 20 }: { staffId: string; limit?: number },
): Promise<OwnSubmission[]> {
  const ids = await listRequestIdsSubmittedBy(deps.db, { staffId, limit });
  return listRequestsInOrder(deps.db, ids);
}

/** The customer records the caller may be, shown to the agent side by side; the showing is audited. */
export async function lookUpCaller(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  { form, actor }: { form: Partial<PhoneIntakeForm>; actor: Actor & { type: 'staff' } },
): Promise<CustomerMatch[]> {
  const phone = form.phone === undefined ? undefined : PhoneSchema.safeParse(form.phone);
  const matches = await findRecordsForStaffReview(deps.db, {
    firstName: form.firstName,
    lastName: form.lastName,
    email: form.email,
    phone: phone?.success ? phone.data : undefined,
    accountNumber: form.accountNumber,
    lastInteractionDate: form.lastInteractionDate,
    address:
      form.addressLine1 && form.addressPostalCode
        ? {
            line1: form.addressLine1,
            city: form.addressCity ?? '',
            state: form.addressState ?? '',
            postalCode: form.addressPostalCode,
          }
        : null,
  });
  const shown = matches.slice(0, 3);
  if (shown.length > 0) {
    await deps.db.$transaction((tx) =>
      appendAuditEvents(tx, {
        actor,
        requestId: null,
        events: [
          {
            action: 'customer.records_viewed',
            payload: { purpose: 'phone_intake', customerIds: shown.map((match) => match.customer.id) },
          },
        ],
      }),
    );
  }
  return shown;
}
