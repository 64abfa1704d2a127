// The 6-digit code form, shared by email verification, the status lookup and
// a minor's consent to sale or sharing:
// the code is checked for shape, counted against the rate limits and confirmed;
// which step failed is never told.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { formBodyOf, textOf } from '../posted-form.js';
import { isRateLimited } from './page.js';
import { showStatus } from './request-access.js';

const SIX_DIGITS = /^\d{6}$/;

/** The page's wording for what went wrong with a code, or null for any other error. */
export function codeErrorOf(error: unknown): MessageKey | null {
  if (!(error instanceof DomainError)) return null;
  switch (error.code as string) {
    case 'VERIFICATION.CODE_INVALID':
    case 'VERIFICATION.CODE_EXPIRED':
      return 'errors.codeWrong';
    case 'VERIFICATION.RESEND_TOO_SOON':
      return 'errors.resendTooSoon';
    default:
      return null;
  }
}

interface CodeForm<Confirmed> {
  reference: string;
  /** Confirms the code; throws the DomainError codeErrorOf words when it is refused. */
  confirm: (code: string) => Promise<Confirmed>;
  /** Shows the form again with the code typed and the message. */
  showAgain: (code: string, error: MessageKey, status: number) => unknown;
  /** What the consumer sees once the code is confirmed: the request's status unless given. */
  next?: (confirmed: Confirmed) => unknown;
}

/** Answers a posted code: the form again with a message, or what follows once it is confirmed. */
export async function answerCodeForm<Confirmed>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  { reference, confirm, showAgain, next }: CodeForm<Confirmed>,
) {
  // Spaces and dashes people type inside a code are not part of it.
  const code = textOf(formBodyOf(request.body), 'code').replace(/[\s-]/g, '').slice(0, 12);
  if (!SIX_DIGITS.test(code)) return showAgain(code, 'errors.code', 400);
  if (await isRateLimited(app, request, 'verify')) return showAgain(code, 'errors.rateLimited', 429);
  let confirmed: Confirmed;
  try {
    confirmed = await confirm(code);
  } catch (error) {
    const message = codeErrorOf(error);
    if (message === null) throw error;
    return showAgain(code, message, 400);
  }
  return next ? next(confirmed) : showStatus(app, request, reply, reference);
}
