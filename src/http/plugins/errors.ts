import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { HttpProblem, serviceUnavailable, type FieldIssue, type Problem } from '../problem.js';
import { isDatabaseUnavailable } from '../../services/readiness.js';
import { translator, type MessageKey } from '../../i18n/index.js';
import { languageOf } from '../public/page.js';

const ERROR_PAGE_MESSAGES: Readonly<Record<string, MessageKey>> = {
  NOT_FOUND: 'errorPage.notFound',
  INTERNAL: 'errorPage.server',
  CSRF: 'errorPage.expired',
  BODY_TOO_LARGE: 'errorPage.tooLarge',
  BAD_REQUEST: 'errorPage.generic',
  UNAVAILABLE: 'errorPage.unavailable',
  MALFORMED_BODY: 'errorPage.generic',
};

interface Answer {
  status: number;
  code: string;
  message: string;
  issues?: FieldIssue[];
  /** Sent as Retry-After. */
  retryAfterSeconds?: number;
}

/**
 * Fastify's own client errors, answered with fixed wording: their messages can quote
 * the request (a JSON parse error shows part of the body), which may be personal data.
 */
const FRAMEWORK_CLIENT_ERRORS: Record<string, Omit<Answer, 'status'>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_BODY', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_BODY', message: 'The request body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'This content type is not accepted.',
  },
  FST_CSRF_MISSING_SECRET: {
    code: 'CSRF',
    message: 'This form has expired. Please reload the page and try again.',
  },
  FST_CSRF_INVALID_TOKEN: {
    code: 'CSRF',
    message: 'This form has expired. Please reload the page and try again.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'MALFORMED_BODY',
    message: 'The content length does not match the body.',
  },
};

const GENERIC_CLIENT_ERROR = { code: 'BAD_REQUEST', message: 'The request could not be understood.' };

function toFieldIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function classify(error: FastifyError): Answer {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return {
      status: 400,
      code: 'VALIDATION',
      message: 'Some fields are missing or invalid.',
      issues: error.validation.map((issue) => ({
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.message ?? 'Invalid value',
      })),
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      code: 'VALIDATION',
      message: 'Some fields are missing or invalid.',
      issues: toFieldIssues(error.issues),
    };
  }
  if (error instanceof DomainError) return classifyDomainError(error);
  // A database that is down, hung or out of connections is a moment's wait, not a server fault.
  const problem = isDatabaseUnavailable(error) ? serviceUnavailable() : error;
  if (problem instanceof HttpProblem) {
    return {
      status: problem.statusCode,
      code: problem.code,
      message: problem.message,
      ...(problem.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: problem.retryAfterSeconds }),
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, ...(FRAMEWORK_CLIENT_ERRORS[error.code] ?? GENERIC_CLIENT_ERROR) };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    message: 'Something went wrong on our side. Please try again later.',
  };
}

const DOMAIN_ERROR_STATUS = { conflict: 409, validation: 400, not_found: 404, forbidden: 403 } as const;

/** Domain messages name statuses and commands only, so they can be shown as they are. */
function classifyDomainError(error: DomainError): Answer {
  const field = error.details.field;
  return {
    status: DOMAIN_ERROR_STATUS[error.kind],
    code: error.code,
    message: error.message,
    ...(typeof field === 'string' ? { issues: [{ path: field, message: error.message }] } : {}),
  };
}

function wantsJson(request: FastifyRequest): boolean {
  return (
    request.url.startsWith('/api') || request.url.startsWith('/healthz') || request.url.startsWith('/readyz')
  );
}

async function send(request: FastifyRequest, reply: FastifyReply, answer: Answer) {
  reply.status(answer.status);
  if (answer.retryAfterSeconds !== undefined) reply.header('retry-after', String(answer.retryAfterSeconds));
  if (wantsJson(request)) {
    const body: Problem = {
      error: {
        code: answer.code,
        message: answer.message,
        ...(answer.issues ? { issues: answer.issues } : {}),
      },
      requestId: request.id,
    };
    if (answer.status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.type('application/json; charset=utf-8').send(body);
  }
  // Pages speak the visitor's language; the titles and common messages are in the catalogues.
  const language = languageOf(request);
  const t = translator(language);
  const translated = ERROR_PAGE_MESSAGES[answer.code];
  return reply.type('text/html; charset=utf-8').view('error-page', {
    lang: language,
    t,
    title:
      answer.status === 404
        ? t('errorPage.notFoundTitle')
        : answer.status >= 500
          ? t('errorPage.serverTitle')
          : t('errorPage.clientTitle'),
    message: translated ? t(translated) : language === 'en' ? answer.message : t('errorPage.generic'),
    requestId: request.id,
  });
}

/**
 * The one error handler: JSON under /api, an HTML page elsewhere, always with the
 * request id and never with a stack trace, SQL or submitted values, which may be personal data.
 */
export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      const answer = classify(error);
      if (answer.status === 503) request.log.warn({ err: error }, 'request shed: service unavailable');
      else if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: answer.code, status: answer.status }, 'request rejected');
      return send(request, reply, answer);
    });

    app.setNotFoundHandler(async (request, reply) =>
      send(request, reply, { status: 404, code: 'NOT_FOUND', message: 'There is nothing at this address.' }),
    );
  },
  { name: 'errors', dependencies: ['views'] },
);
