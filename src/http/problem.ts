// The one error answer of the JSON endpoints: its body (the "problem") and the
// HTTP-level refusals that produce one.

import { z } from 'zod';
import { storableText } from '../domain/storable-text.js';

const FieldIssueSchema = z.object({
  path: storableText().describe('Dotted path of the offending field, e.g. subject.email'),
  message: storableText(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** The one error body every JSON endpoint answers with. */
export const ProblemSchema = z.object({
  error: z.object({
    code: storableText().describe(
      'Stable machine-readable code, e.g. VALIDATION or REQUEST.ILLEGAL_TRANSITION',
    ),
    message: storableText(),
    issues: z.array(FieldIssueSchema).optional(),
  }),
  requestId: storableText(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** An HTTP-level refusal with a stable code, answered by the one error handler. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: 401 | 403 | 429 | 503,
    readonly code: string,
    message: string,
    /** For 429 and 503: seconds until the caller may try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const authenticationRequired = () =>
  new HttpProblem(401, 'AUTH.UNAUTHENTICATED', 'A valid bearer token is required.');

export const forbidden = () => new HttpProblem(403, 'AUTH.FORBIDDEN', 'Your role may not do this.');

/** Seconds a client is asked to wait when the instance is overloaded or the database is away. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export const serviceUnavailable = () =>
  new HttpProblem(
    503,
    'UNAVAILABLE',
    'The service is busy or briefly unavailable. Please try again in a few seconds.',
    UNAVAILABLE_RETRY_AFTER_SECONDS,
  );

export const rateLimited = (retryAfterSeconds: number) =>
  new HttpProblem(429, 'RATE_LIMITED', 'Too many attempts. Please wait and try again.', retryAfterSeconds);
