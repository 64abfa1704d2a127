// The correction part of a request form (Civ. 1798.106; Regs 7023): what is
// wrong, what it says now, what it should say. One definition for the
// consumer's /requests/correct form and the agent form (/agents); the
// fields are rendered by views/partials/correction-fields.eta.

import { CORRECTABLE_FIELDS } from '../../domain/request-types.js';
import type { Translate } from '../../i18n/index.js';
import type { FormErrors } from '../posted-form.js';

/** The posted fields, in page order. */
export const CORRECTION_FIELDS = [
  'correctionField',
  'currentValue',
  'requestedValue',
  'explanation',
] as const;

/** Zod paths of the submission's correction, as the form fields that carry them. */
export const CORRECTION_FIELD_OF_PATH: Readonly<Record<string, string>> = {
  correction: 'correctionField',
  'correction.field': 'correctionField',
  'correction.currentValue': 'currentValue',
  'correction.requestedValue': 'requestedValue',
  'correction.explanation': 'explanation',
};

export function correctionOptions(t: Translate) {
  return CORRECTABLE_FIELDS.map((value) => ({ value, label: t(`requestForm.correctionFields.${value}`) }));
}

/**
 * The correction as ConsumerSubmissionSchema reads it; a field that is not one
 * of the choices is told on its select before the schema's issues.
 */
export function correctionOf(values: Readonly<Record<string, string>>, errors: FormErrors, t: Translate) {
  if (!(CORRECTABLE_FIELDS as readonly string[]).includes(values.correctionField ?? '')) {
    errors.add('correctionField', t('errors.choose'));
  }
  return {
    field: values.correctionField,
    currentValue: values.currentValue,
    requestedValue: values.requestedValue,
    explanation: values.explanation,
  };
}
