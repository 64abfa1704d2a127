// Reading a posted consumer request form. There is one form per request type,
// asking only what that type needs. Posted fields are flat; they are mapped onto
// the shared ConsumerSubmissionSchema, and its issues are mapped back onto the fields.

import type { z } from 'zod';
import { isAppliedWithoutVerification, REQUEST_TYPES, type RequestType } from '../../domain/request-types.js';
import { requiresDeclaration } from '../../domain/verification-rules.js';
import type { Language, Translate } from '../../i18n/index.js';
import {
  ConsumerSubmissionSchema,
  type ConsumerSubmission,
} from '../../services/requests/submit-consumer-request.js';
import {
  checkedOf,
  FormErrors,
  issuePathOf,
  textOf,
  textsOf,
  translatedMessageOf,
  type FieldError,
  type FieldErrors,
  type FieldMessages,
  type FormBody,
} from '../posted-form.js';
import { CORRECTION_FIELD_OF_PATH, CORRECTION_FIELDS, correctionOf } from './correction-fields.js';

const AGE_BAND_CHOICES = ['16_plus', '13_15', 'under_13', 'unknown'] as const;

const AGE_BAND_LABELS = {
  '16_plus': 'form.ageBand16Plus',
  '13_15': 'form.ageBand13To15',
  under_13: 'form.ageBandUnder13',
  unknown: 'form.ageBandUnknown',
} as const;

/**
 * Types whose form asks for data points to match against customer records
 * (docs/legal-rules.md#levels-by-request-type).
 */
const ASKS_IDENTITY: readonly RequestType[] = ['know', 'delete', 'correct', 'nv_opt_out', 'stl_disclosure'];
/** Regs 7062(c), (d): the declaration under penalty of perjury, when the request needs it. */
const OFFERS_DECLARATION: readonly RequestType[] = ['know', 'delete', 'correct'];

interface FormSections {
  /** The opt-outs: one identifier to apply it to, nothing more (Regs 7026(c), 7027(d)). */
  identifierOnly: boolean;
  identity: boolean;
  knowScope: boolean;
  sensitiveData: boolean;
  correction: boolean;
  declaration: boolean;
}

export function sectionsOf(type: RequestType): FormSections {
  return {
    // Regs 7026(c), 7027(d): applied without verification, so asking only where to apply it.
    identifierOnly: isAppliedWithoutVerification(type),
    identity: ASKS_IDENTITY.includes(type),
    knowScope: type === 'know',
    sensitiveData: type === 'delete' || type === 'correct',
    correction: type === 'correct',
    declaration: OFFERS_DECLARATION.includes(type),
  };
}

/** Every field name in page order, for the error summary. */
const FIELD_ORDER = [
  'firstName', 'lastName', 'email', 'state', 'ageBand', 'parentGuardian',
  'categories', 'specificPieces', 'beyond12Months',
  ...CORRECTION_FIELDS, 'sensitiveData',
  'phone', 'accountNumber', 'addressLine1', 'addressLine2', 'addressCity', 'addressState',
  'addressPostalCode', 'lastInteractionDate', 'declaration', 'signature',
] as const; // prettier-ignore

const CHECKBOX_FIELDS = [
  'parentGuardian',
  'categories',
  'specificPieces',
  'beyond12Months',
  'sensitiveData',
  'declaration',
] as const;
const TEXT_FIELDS = FIELD_ORDER.filter((field) => !(CHECKBOX_FIELDS as readonly string[]).includes(field));

/** A form as shown again: what was typed and ticked, and the errors by field and in page order. */
export interface FormState {
  values: Record<string, string>;
  checked: Record<string, boolean>;
  errors: FieldErrors;
  errorList: FieldError[];
}

export function emptyFormState(): FormState {
  return { values: {}, checked: {}, errors: {}, errorList: [] };
}

/** Zod paths of the submission, as the form fields that carry them. */
const FIELD_OF_PATH: Readonly<Record<string, string>> = {
  'subject.firstName': 'firstName',
  'subject.lastName': 'lastName',
  'subject.email': 'email',
  'subject.phone': 'phone',
  'subject.accountNumber': 'accountNumber',
  'subject.lastInteractionDate': 'lastInteractionDate',
  'subject.address': 'addressLine1',
  'subject.address.line1': 'addressLine1',
  'subject.address.line2': 'addressLine2',
  'subject.address.city': 'addressCity',
  'subject.address.state': 'addressState',
  'subject.address.postalCode': 'addressPostalCode',
  'subject.ageBand': 'ageBand',
  'subject.state': 'state',
  know: 'categories',
  'know.categories': 'categories',
  'know.specificPieces': 'categories',
  ...CORRECTION_FIELD_OF_PATH,
  sensitiveData: 'sensitiveData',
  submitter: 'parentGuardian',
  declaration: 'declaration',
  'declaration.signedName': 'signature',
};

const FIELD_MESSAGES: FieldMessages = {
  email: 'errors.email',
  phone: 'errors.phone',
  addressPostalCode: 'errors.postalCode',
  lastInteractionDate: 'errors.date',
  state: 'errors.state',
  addressState: 'errors.state',
  ageBand: 'errors.choose',
  categories: 'errors.knowScope',
  correctionField: 'errors.choose',
};

interface ParsedRequestForm {
  state: FormState;
  /** Carries the typed signature when the declaration was made (Regs 7062(c)). */
  submission: ConsumerSubmission | null;
  /** The honeypot was filled: answer as if accepted, record nothing. */
  isBot: boolean;
}

/** The subject and submitter part, shared with the agent form. */
export function subjectFieldsOf(values: Readonly<Record<string, string>>) {
  const address = ['addressLine1', 'addressLine2', 'addressCity', 'addressState', 'addressPostalCode'];
  const hasAddress = address.some((field) => values[field] !== '');
  const ageBand = values.ageBand;
  return {
    firstName: values.firstName,
    lastName: values.lastName,
    email: values.email,
    ...(values.phone !== '' && { phone: values.phone }),
    ...(values.accountNumber !== '' && { accountNumber: values.accountNumber }),
    ...(values.lastInteractionDate !== '' && { lastInteractionDate: values.lastInteractionDate }),
    ...(hasAddress && {
      address: {
        line1: values.addressLine1,
        line2: values.addressLine2,
        city: values.addressCity,
        state: values.addressState,
        postalCode: values.addressPostalCode,
      },
    }),
    ...(ageBand !== '' && ageBand !== 'unknown' && { ageBand }),
    state: values.state,
  };
}

/** Reads, validates and maps one posted request form. */
export function parseRequestForm(
  type: RequestType,
  body: FormBody,
  t: Translate,
  language: Language,
): ParsedRequestForm {
  const sections = sectionsOf(type);
  const values: Record<string, string> = textsOf(body, TEXT_FIELDS);
  const checked = checkedOf(body, CHECKBOX_FIELDS);
  const errors = new FormErrors();
  const isBot = textOf(body, 'website') !== '';

  if (sections.identifierOnly) return parseIdentifierOnlyForm(type, values, checked, { t, language, isBot });
  if (!(AGE_BAND_CHOICES as readonly string[]).includes(values.ageBand ?? '')) {
    errors.add('ageBand', t('errors.choose'));
  }
  const underThirteen = values.ageBand === 'under_13';
  // Regs 7070(c): for a child under 13 only a parent or guardian submits.
  if (underThirteen && !checked.parentGuardian) errors.add('parentGuardian', t('errors.parentGuardian'));
  const correction = sections.correction ? correctionOf(values, errors, t) : undefined;

  const knowScope = {
    categories: checked.categories,
    specificPieces: checked.specificPieces,
    beyond12Months: checked.beyond12Months,
  };
  const needsDeclaration = requiresDeclaration({
    type,
    knowScope: sections.knowScope ? knowScope : null,
    sensitiveData: sections.sensitiveData && checked.sensitiveData,
  });
  // Told before the schema's issues, which name the same fields less helpfully.
  if (needsDeclaration && !checked.declaration) errors.add('declaration', t('errors.declaration'));
  if (needsDeclaration && values.signature === '') errors.add('signature', t('errors.signature'));

  const candidate = {
    type,
    language,
    subject: subjectFieldsOf(values),
    submitter: checked.parentGuardian && underThirteen ? 'parent_guardian' : 'self',
    ...(sections.sensitiveData && { sensitiveData: checked.sensitiveData }),
    ...(sections.knowScope && { know: knowScope }),
    ...(correction !== undefined && { correction }),
    // Without the ticked box the form is refused above; the schema still bounds the signature.
    ...(needsDeclaration && values.signature !== '' && { declaration: { signedName: values.signature } }),
  };
  const parsed = ConsumerSubmissionSchema.safeParse(candidate);
  if (!parsed.success) addIssues(errors, parsed.error.issues, values, t);

  const state: FormState = {
    values,
    checked,
    errors: errors.toRecord(),
    errorList: errors.ordered(FIELD_ORDER),
  };
  return {
    state,
    submission: errors.size === 0 && parsed.success ? parsed.data : null,
    isBot,
  };
}

/** An opt-out or limit: an email, a phone number or an account number, at least one. */
function parseIdentifierOnlyForm(
  type: RequestType,
  values: Record<string, string>,
  checked: Record<string, boolean>,
  { t, language, isBot }: { t: Translate; language: Language; isBot: boolean },
): ParsedRequestForm {
  const errors = new FormErrors();
  const given = (field: 'email' | 'phone' | 'accountNumber') =>
    values[field] === '' ? {} : { [field]: values[field] };
  const subject = { ...given('email'), ...given('phone'), ...given('accountNumber') };
  if (Object.keys(subject).length === 0) errors.add('email', t('errors.oneIdentifier'));
  const parsed = ConsumerSubmissionSchema.safeParse({ type, language, subject, submitter: 'self' });
  if (!parsed.success) addIssues(errors, parsed.error.issues, values, t);
  return {
    state: { values, checked, errors: errors.toRecord(), errorList: errors.ordered(FIELD_ORDER) },
    submission: errors.size === 0 && parsed.success ? parsed.data : null,
    isBot,
  };
}

/** The schema's issues as messages on the form's fields; an issue no field carries goes on the first. */
export function addIssues(
  errors: FormErrors,
  issues: readonly z.core.$ZodIssue[],
  values: Record<string, string>,
  t: Translate,
  fieldOfPath: Readonly<Record<string, string>> = FIELD_OF_PATH,
): void {
  for (const issue of issues) {
    const path = issuePathOf(issue);
    const field = fieldOfPath[path] ?? 'firstName';
    // A partly filled address is one problem, told once on its first line.
    if (path.startsWith('subject.address') && issue.code === 'too_small' && values[field] === '') {
      errors.add(field, t('errors.addressIncomplete'));
      continue;
    }
    errors.add(field, translatedMessageOf(t, field, issue, values[field] ?? '', FIELD_MESSAGES));
  }
}

export function ageBandOptions(t: Translate) {
  return AGE_BAND_CHOICES.map((value) => ({ value, label: t(AGE_BAND_LABELS[value]) }));
}

export function isRequestType(value: string): value is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(value);
}
