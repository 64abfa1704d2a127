// Signing in and out of the staff console: password, TOTP (with enrolment by QR
// code), one-time welcome links, sign-out and sign-out everywhere.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import {
  findSignInLinkUser,
  NewPasswordSchema,
  setPasswordWithLink,
} from '../../services/staff-accounts/staff-accounts.js';
import {
  revokeAllStaffSessions,
  revokeStaffSession,
  signOutStaffSession,
} from '../../services/staff-accounts/staff-sessions.js';
import { SESSION_ABSOLUTE_HOURS } from '../../services/staff-accounts/console-limits.js';
import { signInWithPassword } from '../../services/staff-accounts/staff-sign-in.js';
import {
  beginTotpEnrolment,
  TotpCodeSchema,
  verifyTotpForSession,
} from '../../services/staff-accounts/staff-two-factor.js';
import { homeOf, principalOf, STAFF_SESSION_COOKIE, twoFactorPath } from './guard.js';
import { fieldErrorsOf, type FieldErrors } from '../posted-form.js';
import { renderStaffPage } from './render.js';

const SignInFormSchema = z.object({
  email: storableText().trim().min(1, { error: 'enter your work email' }).max(254),
  password: storableText().min(1, { error: 'enter your password' }).max(200),
});
const CodeFormSchema = z.object({ code: TotpCodeSchema });
const WelcomeParamsSchema = z.object({ token: storableText().regex(/^[A-Za-z0-9_-]{20,100}$/) });
const SetPasswordFormSchema = z
  .object({ password: NewPasswordSchema, confirmation: storableText().max(200) })
  .refine((form) => form.password === form.confirmation, {
    path: ['confirmation'],
    error: 'the two passwords differ',
  });

const signInRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;
  const cookieOptions = {
    path: '/staff',
    httpOnly: true,
    // Strict: no other site can make a browser send it, on top of the CSRF tokens.
    sameSite: 'strict' as const,
    secure: app.deps.config.secureCookies,
    maxAge: SESSION_ABSOLUTE_HOURS * 3600,
  };

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(STAFF_SESSION_COOKIE, token, cookieOptions);
  /** After the session ended: the browser forgets its cookie and is back at the sign-in page. */
  const leaveConsole = (reply: FastifyReply) =>
    reply.clearCookie(STAFF_SESSION_COOKIE, { path: cookieOptions.path }).redirect('/staff/sign-in', 303);

  /** The page of a one-time link: the password form for `name`, or why the link no longer works. */
  const renderWelcome = (
    request: FastifyRequest,
    reply: FastifyReply,
    { name, errors = {} }: { name: string | null; errors?: FieldErrors },
  ) =>
    renderStaffPage(request, reply, 'welcome', {
      title: 'Choose your password',
      valid: name !== null,
      name: name ?? '',
      errors,
    });

  const renderSignIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    { email = '', errors = {} }: { email?: string; errors?: FieldErrors } = {},
  ) => renderStaffPage(request, reply, 'sign-in', { title: 'Sign in', values: { email }, errors });

  /** The second step's page: the code form, with the QR code while enrolling. */
  const renderTwoFactor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    step: 'verify' | 'enrol',
    errors: FieldErrors = {},
  ) => {
    if (step === 'verify') {
      return renderStaffPage(request, reply, 'two-factor', { title: 'Two-step sign-in', errors });
    }
    const enrolment = await beginTotpEnrolment(deps, principalOf(request).user.id);
    return renderStaffPage(request, reply, 'two-factor-enrol', {
      title: 'Set up two-step sign-in',
      enrolment,
      errors,
    });
  };

  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) =>
    renderSignIn(request, reply),
  );

  app.post(
    '/sign-in',
    { config: { access: 'public', form: SignInFormSchema }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const parsed = SignInFormSchema.safeParse(request.body);
      const typed = (request.body as { email?: unknown } | undefined)?.email;
      const email = typeof typed === 'string' ? typed : '';
      if (!parsed.success) {
        return renderSignIn(request, reply.status(400), {
          email,
          errors: fieldErrorsOf(parsed.error.issues),
        });
      }
      const result = await signInWithPassword(deps, { ...parsed.data, ip: request.ip });
      if (!result.ok && 'retryAfterSeconds' in result) {
        reply.header('retry-after', String(result.retryAfterSeconds));
        return renderSignIn(request, reply.status(429), {
          email,
          errors: {
            form: `Too many wrong passwords for this email. Wait ${result.retryAfterSeconds} second(s) before trying again. If the account exists, its owner is told by email.`,
          },
        });
      }
      if (!result.ok) {
        return renderSignIn(request, reply.status(401), {
          email,
          errors: {
            form: 'That email and password do not match an active account, or the account is locked for a while after too many wrong codes.',
          },
        });
      }
      // A new session on every sign-in: whatever session the browser had ends here.
      if (request.staff !== null) await revokeStaffSession(deps, request.staff.sessionId);
      setSessionCookie(reply, result.token);
      request.log.info({ staffUserId: result.user.id }, 'staff signed in with password');
      const next =
        result.twoFactor === 'not_required' ? homeOf(result.user.role) : twoFactorPath(result.twoFactor);
      return reply.redirect(next, 303);
    },
  );

  app.get('/two-factor', { config: { access: 'two_factor_pending' } }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal.pendingTwoFactor === null) return reply.redirect(homeOf(principal.user.role), 303);
    if (principal.pendingTwoFactor === 'enrol') return reply.redirect(twoFactorPath('enrol'), 303);
    return renderTwoFactor(request, reply, 'verify');
  });

  app.get('/two-factor/enrol', { config: { access: 'two_factor_pending' } }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal.pendingTwoFactor !== 'enrol') return reply.redirect(homeOf(principal.user.role), 303);
    return renderTwoFactor(request, reply, 'enrol');
  });

  for (const path of ['/two-factor', '/two-factor/enrol']) {
    app.post(
      path,
      { config: { access: 'two_factor_pending', form: CodeFormSchema }, preHandler: app.csrfProtection },
      async (request, reply) => {
        const principal = principalOf(request);
        if (principal.pendingTwoFactor === null) return reply.redirect(homeOf(principal.user.role), 303);
        const parsed = CodeFormSchema.safeParse(request.body);
        const ok = parsed.success && (await verifyTotpForSession(deps, principal, parsed.data.code));
        if (ok) {
          request.log.info({ staffUserId: principal.user.id }, 'staff passed two-step sign-in');
          return reply.redirect(homeOf(principal.user.role), 303);
        }
        const errors = parsed.success
          ? { code: 'That code is not right or has already been used. Wait for the next code and try again.' }
          : fieldErrorsOf(parsed.error.issues);
        // The page of the step the session is at, whichever of the two forms was posted.
        return renderTwoFactor(request, reply.status(400), principal.pendingTwoFactor, errors);
      },
    );
  }

  app.get('/welcome/:token', { config: { access: 'public' } }, async (request, reply) => {
    const params = WelcomeParamsSchema.safeParse(request.params);
    const user = params.success ? await findSignInLinkUser(deps, params.data.token) : null;
    return renderWelcome(request, reply.status(user === null ? 404 : 200), { name: user?.name ?? null });
  });

  app.post(
    '/welcome/:token',
    { config: { access: 'public', form: SetPasswordFormSchema }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const params = WelcomeParamsSchema.safeParse(request.params);
      const user = params.success ? await findSignInLinkUser(deps, params.data.token) : null;
      if (!params.success || user === null) return renderWelcome(request, reply.status(404), { name: null });
      const parsed = SetPasswordFormSchema.safeParse(request.body);
      if (!parsed.success) {
        return renderWelcome(request, reply.status(400), {
          name: user.name,
          errors: fieldErrorsOf(parsed.error.issues),
        });
      }
      await setPasswordWithLink(deps, { token: params.data.token, password: parsed.data.password });
      return reply.redirect('/staff/sign-in?welcome=1', 303);
    },
  );

  app.post(
    '/sign-out',
    { config: { access: 'two_factor_pending' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const principal = principalOf(request);
      await signOutStaffSession(deps, { sessionId: principal.sessionId, userId: principal.user.id });
      return leaveConsole(reply);
    },
  );

  app.post(
    '/sign-out-everywhere',
    { config: { action: 'console.use' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const principal = principalOf(request);
      const ended = await revokeAllStaffSessions(deps, principal.user.id);
      request.log.info({ staffUserId: principal.user.id, ended }, 'staff signed out everywhere');
      return leaveConsole(reply);
    },
  );
};

export default signInRoutes;
