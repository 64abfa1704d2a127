// Letters to send (/staff/letters): the notices owed to consumers with no
// email (receipt, Regs 7021(a); extension, Regs 7021(b); completion; denial,
// Civ. 1798.145; closing as unverified, Regs 7022(a), 7024), printed from this
// page and marked sent once posted.

import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { listLettersToSend } from '../../services/notices/list-letters-to-send.js';
import type { NoticeKind } from '../../domain/notices.js';
import { markLetterSent } from '../../services/notices/mark-letter-sent.js';
import { printAccessReport } from '../../services/fulfilment-report/print-access-report.js';
import { staffActor } from './guard.js';
import { fieldErrorsOf } from '../posted-form.js';
import { renderStaffPage } from './render.js';

const LetterParamsSchema = z.object({ id: z.uuid() });

const LettersQuerySchema = z.object({
  /** The last letter of the previous page (keyset paging). */
  after: z.uuid().optional(),
  /** The reference of the letter just marked sent, for the notice. */
  marked: storableText()
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
  verification_level_raised: 'Higher verification needed (Regs 7062(c), (d))',
};

const letterRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;

  app.get('/', { config: { action: 'letters.view', query: LettersQuerySchema } }, async (request, reply) => {
    // A stale or mistyped query shows the first page rather than an error page, answered as a 400.
    const parsed = LettersQuerySchema.safeParse(request.query);
    if (!parsed.success) reply.status(400);
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
      errors: parsed.success ? {} : fieldErrorsOf(parsed.error.issues),
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

  // The report enclosed with a completion letter, printed from the browser (audited).
  app.get(
    '/access-report/:id',
    { config: { action: 'letters.print_access_report' } },
    async (request, reply) => {
      const params = LetterParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const html = await printAccessReport(deps, { requestId: params.data.id, actor: staffActor(request) });
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    },
  );
};

export default letterRoutes;
