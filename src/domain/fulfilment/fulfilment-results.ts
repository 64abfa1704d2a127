// What the fulfilment of a request reads and reports: the categories whose
// values are never shown, the parts of a system's data map entry a report
// needs, and the result each system's task gave.

import type { DeletionException } from '../lifecycle/index.js';
import type { PersonalInformationCategory } from './data-map.js';

/**
 * Values reported without their content whatever the data map says: Regs 7024(d)
 * forbids disclosing government identification numbers, account passwords and
 * security questions, and unique biometric data; a field of these categories
 * is reported as held, never shown.
 */
export const ALWAYS_WITHHELD_CATEGORIES: ReadonlySet<string> = new Set<PersonalInformationCategory>([
  'government_identifiers',
  'account_credentials',
  'biometric_information',
  'biometric_identification',
]);

/** A data map field: its category, and whether its value is never shown to the consumer. */
export type MappedField = string | { readonly category: string; readonly withhold?: boolean | undefined };

/** The parts of a data map entry a report and a completion notice read. */
export interface ReportedSystem {
  readonly key: string;
  readonly name: string;
  readonly categories: readonly string[];
  readonly sources: readonly string[];
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
  readonly soldOrShared: boolean;
  readonly retention?: string | undefined;
  readonly fields: Readonly<Record<string, MappedField>>;
}

export const TASK_OUTCOMES = ['done', 'no_data', 'retained', 'deleted', 'corrected'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** What a system's task found or did for one request. */
export interface TaskResult {
  readonly outcome: TaskOutcome;
  readonly records?: readonly {
    readonly category?: string;
    readonly fields: Readonly<Record<string, unknown>>;
  }[];
  readonly exception?: DeletionException;
  readonly explanation?: string;
}

/** One task of a request, as the fulfilment repository lists it; `result` is null until it ends. */
export interface SystemTaskResult {
  readonly systemKey: string;
  readonly kind: string;
  readonly status: string;
  readonly result: TaskResult | null;
}

/** The category of a mapped field, and whether its value must be withheld (Regs 7024(d)). */
export function fieldClassification(
  mapped: MappedField | undefined,
  fallbackCategory: string,
): { category: string; withhold: boolean } {
  const category =
    mapped === undefined ? fallbackCategory : typeof mapped === 'string' ? mapped : mapped.category;
  const markedWithheld = typeof mapped === 'object' && mapped.withhold === true;
  return { category, withhold: markedWithheld || ALWAYS_WITHHELD_CATEGORIES.has(category) };
}
