/** An HTTP-level refusal with a stable code, answered by the one error handler. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: 401 | 403 | 429,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const authenticationRequired = () =>
  new HttpProblem(401, 'AUTH.UNAUTHENTICATED', 'A valid bearer token is required.');

export const forbidden = () => new HttpProblem(403, 'AUTH.FORBIDDEN', 'Your role may not do this.');
