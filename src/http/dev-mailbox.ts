// /dev/mailbox: the development mailbox's messages (src/mail/mailbox-server.ts).
// Registered by buildApp only when the server started one, i.e. without SMTP_URL.
// URLs carry a message's position only, never an address.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MailboxMessage, MailboxServer } from '../mail/mailbox-server.js';

const LINK = /https?:\/\/[^\s<>"]+/g;

const shown = (message: MailboxMessage) => ({ ...message, receivedAt: message.receivedAt.toISOString() });

const devMailboxRoutes: FastifyPluginAsyncZod<{ mailbox: MailboxServer }> = async (app, { mailbox }) => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('dev-mailbox', { messages: [...mailbox.messages()].reverse().map(shown) }),
  );

  app.get(
    '/:index',
    { schema: { hide: true, params: z.object({ index: z.coerce.number().int().min(1).max(1e9) }) } },
    async (request, reply) => {
      const message = mailbox.find(request.params.index);
      if (message === undefined) return reply.callNotFound();
      return reply.view('dev-mailbox-message', {
        message: shown(message),
        links: [...new Set(message.text.match(LINK) ?? [])],
      });
    },
  );
};

export default devMailboxRoutes;
