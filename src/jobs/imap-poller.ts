// Polls the mailbox named by IMAP_URL every IMAP_POLL_INTERVAL_MS (services/inbound-mail/poll-imap-mailbox.ts).
// Safe on several instances: a message read twice is stored once.

import type { Dependencies } from '../services/dependencies.js';
import { imapMailboxOf, pollImapMailbox } from '../services/inbound-mail/poll-imap-mailbox.js';
import { createPoller, type Poller } from './poller.js';

export interface ImapPoller extends Poller {
  /** One round; answers how many messages it read. */
  runOnce(): Promise<number>;
}

export function createImapPoller(
  deps: Pick<Dependencies, 'db' | 'config' | 'clock' | 'logger'>,
  imapUrl: string,
  options: { pollIntervalMs?: number } = {},
): ImapPoller {
  const mailbox = imapMailboxOf(imapUrl);
  const runOnce = () => pollImapMailbox(deps, mailbox);
  const poller = createPoller({
    intervalMs: options.pollIntervalMs ?? deps.config.IMAP_POLL_INTERVAL_MS,
    round: async (stopping) => {
      while ((await runOnce()) > 0 && !stopping()) {
        // More may be waiting.
      }
    },
    // The class of the error only: its message may quote the account.
    onError: (error) =>
      deps.logger.warn(
        { reason: error instanceof Error ? error.name : 'unknown' },
        'IMAP polling round failed',
      ),
  });
  return { ...poller, runOnce };
}
