// /dev/mailbox: the development mailbox's messages (src/mail/dev-mailbox.ts).
// Registered by buildApp only when the server started one, i.e. without SMTP_URL.
// URLs carry a message's position only, never an address.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DevMailbox } from '../mail/dev-mailbox.js';

const LINK = /https?:\/\/[^\s<>"]+/g;

const devMailboxRoutes: FastifyPluginAsyncZod<{ mailbox: DevMailbox }> = async (app, { mailbox }) => {
  const shown = (message: ReturnType<DevMailbox['messages']>[number]) => ({
    ...message,
    receivedAt: message.receivedAt.toISOString(),
  });

  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('dev-mailbox', { messages: [...mailbox.messages()].reverse().map(shown) }),
  );

  app.get(
    '/:index',
    { schema: { hide: true, params: z.object({ index: z.coerce.number().int().min(1).max(1e9) }) } },
    async (request, reply) => {
      const message = mailbox.messages().find((candidate) => candidate.index === request.params.index);
      if (message === undefined) return reply.callNotFound();
      return reply.view('dev-mailbox-message', {
        message: shown(message),
        links: [...new Set(message.text.match(LINK) ?? [])],
      });
    },
  );
};

export default devMailboxRoutes;
