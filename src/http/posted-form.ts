// Reading a posted form without trusting its shape: any field may be missing,
// repeated, not text, or far too long. What is echoed back into a re-rendered
// form is bounded, and zod issues become one message per form field: zod's own
// for the (English) staff console, a translated one for consumer pages.

import type { z } from 'zod';
import type { MessageKey, Translate } from '../i18n/index.js';

/** Longest value echoed back into a form; the schemas reject anything longer anyway. */
const ECHO_LIMIT = 2000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export type FormBody = Readonly<Record<string, unknown>>;

export function formBodyOf(body: unknown): FormBody {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as FormBody) : {};
}

/** The field's text: the first value when repeated, '' when absent or not text. */
export function textOf(body: FormBody, name: string): string {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return '';
  // Lone surrogates and NUL come from broken encodings; PostgreSQL refuses NUL in text.
  return value.slice(0, ECHO_LIMIT).replace(/\0/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Each named field's text, trimmed. */
export function textsOf<Name extends string>(body: FormBody, names: readonly Name[]): Record<Name, string> {
  return Object.fromEntries(names.map((name) => [name, textOf(body, name).trim()])) as Record<Name, string>;
}

/** Whether each named checkbox was ticked. */
export function checkedOf<Name extends string>(
  body: FormBody,
  names: readonly Name[],
): Record<Name, boolean> {
  return Object.fromEntries(names.map((name) => [name, textOf(body, name) !== ''])) as Record<Name, boolean>;
}

export interface FieldError {
  field: string;
  message: string;
}

/** { field: message } for the templates. */
export type FieldErrors = Record<string, string>;

/** Field errors, the first message on each field. */
export class FormErrors {
  private readonly byField = new Map<string, string>();

  add(field: string, message: string): void {
    if (!this.byField.has(field)) this.byField.set(field, message);
  }

  get size(): number {
    return this.byField.size;
  }

  toRecord(): FieldErrors {
    return Object.fromEntries(this.byField);
  }

  /** The errors in the order the fields appear on the page, for the error summary. */
  ordered(fieldOrder: readonly string[]): FieldError[] {
    const position = (field: string) => {
      const index = fieldOrder.indexOf(field);
      return index === -1 ? fieldOrder.length : index;
    };
    return [...this.byField]
      .map(([field, message]) => ({ field, message }))
      .sort((a, b) => position(a.field) - position(b.field));
  }
}

/** Where an issue is, as a dotted path ('subject.email'); '' for the whole input. */
export function issuePathOf(issue: { readonly path: readonly PropertyKey[] }): string {
  return issue.path.map(String).join('.');
}

/** zod's message for each field named by its dotted path; issues about the whole form go on `form`. */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldErrors {
  const errors = new FormErrors();
  for (const issue of issues) errors.add(issuePathOf(issue) || 'form', issue.message);
  return errors.toRecord();
}

/** Messages for issues on particular fields, whatever the issue's code. */
export type FieldMessages = Readonly<Partial<Record<string, MessageKey>>>;

/** The translated message for one zod issue on `field`, whose posted text is `value`. */
export function translatedMessageOf(
  t: Translate,
  field: string,
  issue: z.core.$ZodIssue,
  value: string,
  fieldMessages: FieldMessages,
): string {
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') {
    return t('errors.tooLong', { max: issue.maximum });
  }
  const specific = fieldMessages[field];
  if (
    value === '' &&
    (issue.code === 'too_small' ||
      issue.code === 'invalid_format' ||
      issue.code === 'invalid_value' ||
      issue.code === 'invalid_type')
  ) {
    return t(specific === 'errors.choose' ? 'errors.choose' : 'errors.required');
  }
  if (specific !== undefined) return t(specific);
  if (issue.code === 'too_small') return t('errors.required');
  if (issue.code === 'invalid_value') return t('errors.choose');
  return t('errors.generic');
}
