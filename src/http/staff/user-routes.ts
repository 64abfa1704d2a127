// Staff users (/staff/users), for admins: the list of console accounts, a new
// account with its one-time sign-in link, and per user a role change,
// disabling and re-enabling, and a reset of a lost second factor.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { CONSOLE_ROLES } from '../../domain/access-policy.js';
import { SIGN_IN_LINK_HOURS } from '../../services/staff-accounts/console-limits.js';
import { createStaffUser, StaffUserExistsError } from '../../services/staff-accounts/staff-accounts.js';
import {
  changeStaffUserRole,
  disableStaffUser,
  enableStaffUser,
  getStaffUser,
  listStaffUsers,
  resetStaffUserTwoFactor,
  STAFF_USERS_PAGE_SIZE,
  StaffUserAdminError,
  type StaffUserSummary,
} from '../../services/staff-accounts/staff-user-admin.js';
import { principalOf, staffActor } from './guard.js';
import { fieldErrorsOf, formBodyOf, type FieldErrors, type FormBody } from '../posted-form.js';
import { renderStaffPage } from './render.js';

const UserParamsSchema = z.object({ id: z.uuid() });
const UsersQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

const CreateUserFormSchema = z.object({
  name: storableText({ error: 'enter the person’s name' })
    .trim()
    .min(1, { error: 'enter the person’s name' })
    .max(200, { error: 'use at most 200 characters' }),
  email: storableText({ error: 'enter their work email' })
    .trim()
    .min(1, { error: 'enter their work email' })
    .max(254, { error: 'use at most 254 characters' })
    .pipe(z.email({ error: 'enter an email address such as name@example.com' }))
    .transform((email) => email.toLowerCase()),
  role: z.enum(CONSOLE_ROLES, { error: 'choose a role' }),
});
const RoleFormSchema = z.object({ role: z.enum(CONSOLE_ROLES, { error: 'choose a role' }) });

/** What the user page says after a change; the query names the change, nothing else. */
const DONE_NOTICES = {
  role_changed: 'The role is changed; it applies from their next page.',
  disabled: 'The account is disabled and its sessions have ended.',
  enabled: 'The account is enabled again.',
  two_factor_reset:
    'Two-step sign-in is reset and their sessions have ended; they set it up again at their next sign-in.',
} as const;
type Done = keyof typeof DONE_NOTICES;
const UserQuerySchema = z.object({
  done: z.enum(Object.keys(DONE_NOTICES) as [Done, ...Done[]]).optional(),
});

/** The buttons on a user's page: each one change, guarded the same way. */
const ACCOUNT_CHANGES = [
  { path: '/:id/disable', run: disableStaffUser, done: 'disabled' },
  { path: '/:id/enable', run: enableStaffUser, done: 'enabled' },
  { path: '/:id/two-factor/reset', run: resetStaffUserTwoFactor, done: 'two_factor_reset' },
] as const;

const userRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;

  function renderNewUser(
    request: FastifyRequest,
    reply: FastifyReply,
    { values = {}, errors = {} }: { values?: FormBody; errors?: FieldErrors },
  ) {
    return renderStaffPage(request, reply, 'users-new', {
      title: 'Add a staff user',
      values,
      errors,
      roles: CONSOLE_ROLES,
    });
  }

  function renderUser(
    request: FastifyRequest,
    reply: FastifyReply,
    user: StaffUserSummary,
    {
      values = {},
      errors = {},
      notice = null,
    }: { values?: FormBody; errors?: FieldErrors; notice?: string | null },
  ) {
    return renderStaffPage(request, reply, 'users-detail', {
      title: user.name,
      user,
      isSelf: user.id === principalOf(request).user.id,
      values: { role: user.role, ...values },
      errors,
      notice,
      roles: CONSOLE_ROLES,
      totpRequiredRoles: deps.config.STAFF_TOTP_REQUIRED_ROLES,
      now: deps.clock.now(),
    });
  }

  app.get('/', { config: { action: 'staff.view', query: UsersQuerySchema } }, async (request, reply) => {
    // A stale or mistyped page number shows the first page rather than an error page.
    const parsed = UsersQuerySchema.safeParse(request.query);
    const page = parsed.success ? parsed.data.page : 1;
    const list = await listStaffUsers(deps, { page });
    return renderStaffPage(request, reply, 'users', {
      title: 'Staff users',
      ...list,
      page,
      pageSize: STAFF_USERS_PAGE_SIZE,
      now: deps.clock.now(),
    });
  });

  app.get('/new', { config: { action: 'staff.manage' } }, async (request, reply) =>
    renderNewUser(request, reply, { values: { role: 'privacy_officer' } }),
  );

  app.post(
    '/',
    { config: { action: 'staff.manage', form: CreateUserFormSchema }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const values = formBodyOf(request.body);
      const parsed = CreateUserFormSchema.safeParse(values);
      if (!parsed.success) {
        return renderNewUser(request, reply.status(400), {
          values,
          errors: fieldErrorsOf(parsed.error.issues),
        });
      }
      try {
        const created = await createStaffUser(deps, { input: parsed.data, actor: staffActor(request) });
        // The link is in this page only: not in a redirect's URL, not in the log.
        return renderStaffPage(request, reply.status(201), 'users-created', {
          title: 'Staff user added',
          userId: created.user.id,
          name: parsed.data.name,
          role: parsed.data.role,
          signInLink: created.signInLink,
          linkHours: SIGN_IN_LINK_HOURS,
        });
      } catch (error) {
        if (!(error instanceof StaffUserExistsError)) throw error;
        return renderNewUser(request, reply.status(409), {
          values,
          errors: { email: 'a staff user with this email already exists' },
        });
      }
    },
  );

  app.get('/:id', { config: { action: 'staff.view' } }, async (request, reply) => {
    const params = UserParamsSchema.safeParse(request.params);
    const user = params.success ? await getStaffUser(deps, params.data.id) : null;
    if (user === null) return reply.callNotFound();
    const query = UserQuerySchema.safeParse(request.query);
    const done = query.success ? query.data.done : undefined;
    return renderUser(request, reply, user, { notice: done === undefined ? null : DONE_NOTICES[done] });
  });

  /** The user's page again, with what was typed and why it was not done; 404 once the user is gone. */
  async function renderRefusedChange(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    { values, errors }: { values: FormBody; errors: FieldErrors },
  ) {
    const user = await getStaffUser(deps, userId);
    if (user === null) return reply.callNotFound();
    return renderUser(request, reply, user, { values, errors });
  }

  /** Runs a change and answers: back to the user's page, or the page again with why not. */
  async function applyChange(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    run: () => Promise<boolean>,
    done: Done,
    values: FormBody = {},
  ) {
    try {
      if (!(await run())) return reply.callNotFound();
      return await reply.redirect(`/staff/users/${userId}?done=${done}`, 303);
    } catch (error) {
      // A forbidden change (the actor was demoted or disabled by another admin since the
      // guard let the request in) is answered by the error handler: the page is no longer theirs.
      if (!(error instanceof StaffUserAdminError) || error.kind !== 'conflict') throw error;
      return renderRefusedChange(request, reply.status(409), userId, {
        values,
        errors: { form: error.message },
      });
    }
  }

  app.post(
    '/:id/role',
    { config: { action: 'staff.manage', form: RoleFormSchema }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const params = UserParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const userId = params.data.id;
      const values = formBodyOf(request.body);
      const parsed = RoleFormSchema.safeParse(values);
      if (!parsed.success) {
        return renderRefusedChange(request, reply.status(400), userId, {
          values,
          errors: fieldErrorsOf(parsed.error.issues),
        });
      }
      const actorId = principalOf(request).user.id;
      return applyChange(
        request,
        reply,
        userId,
        () => changeStaffUserRole(deps, { actorId, userId, role: parsed.data.role }),
        'role_changed',
        values,
      );
    },
  );

  for (const change of ACCOUNT_CHANGES) {
    app.post(
      change.path,
      { config: { action: 'staff.manage' }, preHandler: app.csrfProtection },
      async (request, reply) => {
        const params = UserParamsSchema.safeParse(request.params);
        if (!params.success) return reply.callNotFound();
        const userId = params.data.id;
        const actorId = principalOf(request).user.id;
        return applyChange(request, reply, userId, () => change.run(deps, { actorId, userId }), change.done);
      },
    );
  }
};

export default userRoutes;
