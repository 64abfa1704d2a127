// The data map's SQL names its values (`:email`, `:value`); the postgres connector sends them as
// bound parameters ($1, $2, …), never spliced into the text. `{{field}}` in a correction
// statement is the one part chosen at run time: a column from the system's `fields`, quoted.

import { IDENTITY_PARAMETERS } from './data-map.js';

/** `:name`, but not the second colon of a `::type` cast. */
const PARAMETER = /(?<![:\w]):([A-Za-z][A-Za-z0-9]*)/g;
const FIELD_PLACEHOLDER = /\{\{\s*field\s*\}\}/g;

/** The correction's new value, bound like the identity values. */
export const CORRECTION_VALUE_PARAMETER = 'value';

export interface CompiledStatement {
  /** PostgreSQL text with $1, $2, … in place of the names. */
  readonly text: string;
  /** The name bound to each $n, in order. */
  readonly parameters: readonly string[];
}

/** The names a statement uses. */
export function parameterNamesOf(sql: string): string[] {
  return [...new Set([...sql.matchAll(PARAMETER)].map((match) => match[1] as string))];
}

/** Names a statement of this kind may not use: anything but the identity values (and `:value` to correct). */
export function unknownParametersOf(sql: string, kind: 'access' | 'delete' | 'correct'): string[] {
  const allowed: readonly string[] =
    kind === 'correct' ? [...IDENTITY_PARAMETERS, CORRECTION_VALUE_PARAMETER] : IDENTITY_PARAMETERS;
  return parameterNamesOf(sql).filter((name) => !allowed.includes(name));
}

export function usesFieldPlaceholder(sql: string): boolean {
  return new RegExp(FIELD_PLACEHOLDER.source).test(sql);
}

/**
 * Numbers the named parameters and puts `column` (already checked against the system's
 * fields) in place of `{{field}}`, quoted as an identifier.
 */
export function compileStatement(sql: string, column?: string): CompiledStatement {
  const parameters = parameterNamesOf(sql);
  const withColumn =
    column === undefined ? sql : sql.replace(FIELD_PLACEHOLDER, `"${column.replaceAll('"', '""')}"`);
  const text = withColumn.replace(PARAMETER, (_, name: string) => `$${parameters.indexOf(name) + 1}`);
  return { text, parameters };
}
