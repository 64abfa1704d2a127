// Letters to send (/staff/letters): the notices owed to consumers with no
// email (receipt, Regs 7021(a); extension, Regs 7021(b); completion; denial,
// Civ. 1798.145; closing as unverified, Regs 7022(a), 7024), printed from this
// page and marked sent once posted.

import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { listLettersToSend } from '../../services/notices/list-letters-to-send.js';
import type { NoticeKind } from '../../domain/notices.js';
import { markLetterSent } from '../../services/notices/mark-letter-sent.js';
import { staffActor } from './guard.js';
import { renderStaffPage } from './render.js';

const LetterParamsSchema = z.object({ id: z.uuid() });

const LettersQuerySchema = z.object({
  /** The last letter of the previous page (keyset paging). */
  after: z.uuid().optional(),
  /** The reference of the letter just marked sent, for the notice. */
  marked: z
    .string()
    .trim()
    .regex(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    .optional()
    .catch(undefined),
});

/** What the officer sees above each letter (the console is in English; the letter is in the consumer's language). */
const LETTER_TITLES: Readonly<Record<NoticeKind, string>> = {
  receipt_confirmation: 'Receipt confirmation (Regs 7021(a))',
  extension_notice: 'Extension notice (Regs 7021(b))',
  request_completed: 'Response: request completed',
  request_denied: 'Denial and its reasons (Civ. 1798.145)',
  request_closed_unverified: 'Closed as unverified (Regs 7022(a), 7024)',
  know_scope_narrowed: 'Specific pieces not verified; answered as categories (Regs 7024(a))',
};

const letterRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;

  app.get('/', { config: { action: 'letters.view' } }, async (request, reply) => {
    // A stale or mistyped query shows the first page rather than an error page.
    const parsed = LettersQuerySchema.safeParse(request.query);
    const query = parsed.success ? parsed.data : {};
    const page = await listLettersToSend(deps, {
      ...(query.after === undefined ? {} : { after: query.after }),
    });
    return renderStaffPage(request, reply, 'letters', {
      title: 'Letters to send',
      letters: page.letters.map((letter) => ({ ...letter, title: LETTER_TITLES[letter.kind] })),
      nextPageQuery: page.nextAfter === null ? null : `?after=${page.nextAfter}`,
      firstPageQuery: query.after === undefined ? null : '',
      marked: query.marked ?? null,
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
