// Failed mail (/staff/mail, admins): what could not be sent within
// OUTBOX_RETRY_HOURS, and sending it again, one message or all.

import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { listFailedMailForAdmin } from '../../services/notices/list-failed-mail.js';
import { resendFailedMail } from '../../services/notices/resend-failed-mail.js';
import { staffActor } from './guard.js';
import { renderStaffPage } from './render.js';

const ResendFormSchema = z.object({
  /** One outbox row, or every failed message when absent. */
  outboxId: z.uuid().optional(),
});

const ResentQuerySchema = z.object({ resent: z.coerce.number().int().min(0).max(1_000_000).optional() });

const mailRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;

  app.get('/', { config: { action: 'mail.view' } }, async (request, reply) => {
    const query = ResentQuerySchema.safeParse(request.query);
    const failed = await listFailedMailForAdmin(deps);
    return renderStaffPage(request, reply, 'mail', {
      title: 'Failed mail',
      ...failed,
      retryHours: deps.config.OUTBOX_RETRY_HOURS,
      resent: query.success ? (query.data.resent ?? null) : null,
    });
  });

  app.post(
    '/resend',
    { config: { action: 'mail.resend' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const form = ResendFormSchema.safeParse(request.body ?? {});
      if (!form.success) return reply.redirect('/staff/mail', 303);
      const resent = await resendFailedMail(deps, {
        outboxIds: form.data.outboxId === undefined ? 'all' : [form.data.outboxId],
        actor: staffActor(request),
      });
      return reply.redirect(`/staff/mail?resent=${resent}`, 303);
    },
  );
};

export default mailRoutes;
