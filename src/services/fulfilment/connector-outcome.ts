// What one call of a connector came to, before the worker decides what it means for the task.

import type { TaskResult } from '../../domain/fulfilment/task-result.js';

export type ConnectorOutcome =
  /** The system answered with its result. */
  | { kind: 'result'; result: TaskResult; httpStatus: number | null }
  /** A receiver accepted the task (202) and will post its result to the callback URL. */
  | { kind: 'accepted'; httpStatus: number }
  /** A network error, a timeout, a 5xx or a database error: tried again until the retry period ends. */
  | { kind: 'retryable'; error: string; httpStatus: number | null }
  /** The receiver refused the task (4xx): retrying cannot help, the task fails at once. */
  | { kind: 'refused'; error: string; httpStatus: number };

/** The name and code of an error only: its message may quote personal data or a connection string. */
export function errorCodeOf(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return [error.name, typeof code === 'string' ? code : null, typeof cause === 'string' ? cause : null]
    .filter((part) => part !== null)
    .join(' ')
    .slice(0, 200);
}
