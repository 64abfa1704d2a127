// Rendering a console page: the layout needs the signed-in staff member, what
// their role may open, and a CSRF token for the sign-out form.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from './guard.js';

export interface FieldErrors {
  [field: string]: string;
}

/** A posted form as typed, for showing it again. */
export type FormValues = Record<string, unknown>;

export function formValuesOf(body: unknown): FormValues {
  return typeof body === 'object' && body !== null ? (body as FormValues) : {};
}

export function renderStaffPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown> & { title: string },
) {
  const staff = request.staff;
  return reply.type('text/html; charset=utf-8').view(`staff/${template}`, {
    ...data,
    csrfToken: reply.generateCsrf(),
    staff:
      staff === null
        ? null
        : { name: staff.user.name, role: staff.user.role, signedIn: staff.pendingTwoFactor === null },
    nav: {
      queue: can(request, 'queue.view'),
      intake: can(request, 'intake.create'),
      letters: can(request, 'letters.view'),
      users: can(request, 'staff.view'),
    },
  });
}

/** zod issues as one message per form field (the first), for re-rendering a form. */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || 'form';
    errors[field] ??= issue.message;
  }
  return errors;
}
