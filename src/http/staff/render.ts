// Rendering a console page: the layout needs the signed-in staff member, what
// their role may open, and a CSRF token for the sign-out form.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { countFailedMailForAdmin } from '../../services/notices/list-failed-mail.js';
import { can } from './guard.js';

/** Admins see on every page how many messages failed for good: the console's alert that mail needs them. */
export async function renderStaffPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown> & { title: string },
) {
  const staff = request.staff;
  const mayResendMail = can(request, 'mail.view');
  const failedMail = mayResendMail ? await countFailedMailForAdmin(request.server.deps) : 0;
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
      mail: mayResendMail,
      failedMail,
      inbox: can(request, 'inbox.view'),
      tasks: can(request, 'task.list'),
      dataMap: can(request, 'data_map.view'),
      users: can(request, 'staff.view'),
      suppressionList: can(request, 'suppression_list.export'),
    },
  });
}
