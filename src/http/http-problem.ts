/** An HTTP-level refusal with a stable code, answered by the one error handler. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: 401 | 403 | 429,
    readonly code: string,
    message: string,
    /** For 429: seconds until the caller may try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const authenticationRequired = () =>
  new HttpProblem(401, 'AUTH.UNAUTHENTICATED', 'A valid bearer token is required.');

export const forbidden = () => new HttpProblem(403, 'AUTH.FORBIDDEN', 'Your role may not do this.');

export const rateLimited = (retryAfterSeconds: number) =>
  new HttpProblem(429, 'RATE_LIMITED', 'Too many attempts. Please wait and try again.', retryAfterSeconds);
