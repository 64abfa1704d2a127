// Failed mail from the command line: list it, and send it again.

import { z } from 'zod';
import type { Actor } from '../domain/audit-events.js';
import { listFailedMailForAdmin } from '../services/notices/list-failed-mail.js';
import { resendFailedMail } from '../services/notices/resend-failed-mail.js';
import { UsageError, type Command } from './command.js';

/** Re-sent from a shell: audited as the system's, done by an operator. */
const CLI_ACTOR: Actor = { type: 'system', id: 'cli' };

export const MAIL_COMMANDS: Record<string, Command> = {
  'mail:failed': {
    usage:
      'mail:failed                list mail that failed for good (ids, topics, error codes); exit 1 if any',
    async run({ withDependencies }) {
      const { total, messages } = await withDependencies((deps) => listFailedMailForAdmin(deps));
      console.log(`${total} failed message(s).`);
      for (const message of messages) {
        const written = message.createdAt.toISOString();
        console.log(
          `  ${message.id}  ${written}  ${message.topic}  ${message.attempts}  ${message.lastError ?? ''}`,
        );
      }
      if (total > 0) process.exitCode = 1;
    },
  },
  'mail:resend': {
    usage: 'mail:resend --id <id> | --all  put failed mail back in the queue, retried for OUTBOX_RETRY_HOURS',
    valueOptions: ['id'],
    async run({ options, withDependencies }) {
      const id = z.uuid().safeParse(options.id);
      if (options.all !== true && !id.success) {
        throw new UsageError('mail:resend needs --id <outbox id> (see mail:failed) or --all');
      }
      const outboxIds = id.success ? [id.data] : 'all';
      const resent = await withDependencies((deps) =>
        resendFailedMail(deps, { outboxIds, actor: CLI_ACTOR }),
      );
      console.log(`${resent} message(s) back in the queue.`);
    },
  },
};
