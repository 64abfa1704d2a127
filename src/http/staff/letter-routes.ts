// Letters to send (/staff/letters): receipt confirmations for consumers with no
// email, printed from this page and marked sent once posted (Regs 7021(a)).

import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { listLettersToSend } from '../../services/list-letters-to-send.js';
import { markLetterSent } from '../../services/mark-letter-sent.js';
import { staffActor } from './guard.js';
import { renderStaffPage } from './render.js';

const LetterParamsSchema = z.object({ id: z.uuid() });

const letterRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.services;

  app.get('/', { config: { action: 'letters.view' } }, async (request, reply) => {
    const marked = (request.query as { marked?: unknown }).marked;
    return renderStaffPage(request, reply, 'letters', {
      title: 'Letters to send',
      letters: await listLettersToSend(deps),
      marked: typeof marked === 'string' && /^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(marked) ? marked : null,
    });
  });

  app.post(
    '/:id/sent',
    { config: { action: 'letters.mark_sent' }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const params = LetterParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const reference = await markLetterSent(deps, { outboxId: params.data.id, actor: staffActor(request) });
      return reply.redirect(`/staff/letters?marked=${reference ?? ''}`, 303);
    },
  );
};

export default letterRoutes;
