// Reading form posts without trusting their shape: any field may be missing,
// repeated, or far too long. What is echoed back into a re-rendered form is
// bounded, and zod issues become one translated message per form field.

import type { z } from 'zod';
import type { MessageKey, Translate } from '../../i18n/index.js';

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

export function checkedOf(body: FormBody, name: string): boolean {
  return textOf(body, name) !== '';
}

export interface FieldError {
  field: string;
  message: string;
}

/** Field errors in the order the fields appear on the page, one per field. */
export class FormErrors {
  private readonly byField = new Map<string, string>();

  add(field: string, message: string): void {
    if (!this.byField.has(field)) this.byField.set(field, message);
  }

  has(field: string): boolean {
    return this.byField.has(field);
  }

  get size(): number {
    return this.byField.size;
  }

  /** { field: message } for the templates. */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.byField);
  }

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

/** Messages for issues on particular fields, whatever the issue's code. */
export type FieldMessages = Readonly<Record<string, MessageKey>>;

/** The translated message for one zod issue on `field`. */
export function messageForIssue(
  t: Translate,
  field: string,
  issue: z.core.$ZodIssue,
  value: string,
  fieldMessages: FieldMessages,
): string {
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') {
    return t('errors.tooLong', { max: issue.maximum });
  }
  if (
    value === '' &&
    (issue.code === 'too_small' ||
      issue.code === 'invalid_format' ||
      issue.code === 'invalid_value' ||
      issue.code === 'invalid_type')
  ) {
    return t(fieldMessages[field] === 'errors.choose' ? 'errors.choose' : 'errors.required');
  }
  const specific = fieldMessages[field];
  if (specific !== undefined) return t(specific);
  if (issue.code === 'too_small') return t('errors.required');
  if (issue.code === 'invalid_value') return t('errors.choose');
  return t('errors.generic');
}
