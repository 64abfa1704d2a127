// Reading an existing mailbox over IMAP, for businesses that cannot forward
// their privacy mailbox (IMAP_URL). Each message is stored once: its mailbox,
// UIDVALIDITY and UID are kept with it (a unique key), the position read up to
// is kept in the database, and the message is flagged in the mailbox only after
// it is stored. A restart, a dropped connection or a second instance reads
// again from the kept position, and a message stored before is not stored again.

import { ImapFlow } from 'imapflow';
import type { Dependencies } from '../dependencies.js';
import { findImapPosition, saveImapPosition } from './inbound-mail-repo.js';
import { storeInboundMessage } from './store-inbound-message.js';

/** The keyword set on a message once stored (RFC 3501 §2.3.2): visible to whoever reads the mailbox. */
export const STORED_FLAG = '$RightsDeskStored';
/** Messages read per round, so one round stays short. */
const BATCH = 20;

export interface ImapMailbox {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/** IMAP_URL, e.g. imaps://user:password@imap.example.com/INBOX (the path names the folder, INBOX by default). */
export function imapMailboxOf(url: string): ImapMailbox {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? (secure ? 993 : 143) : Number(parsed.port),
    secure,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.slice(1)) || 'INBOX',
  };
}

/** One round: stores up to BATCH new messages; answers how many it read. */
export async function pollImapMailbox(
  deps: Pick<Dependencies, 'db' | 'config' | 'clock' | 'logger'>,
  mailbox: ImapMailbox,
): Promise<number> {
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.user, pass: mailbox.password },
    logger: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  client.on('error', () => {
    // A dropped connection fails the round; the next round reconnects.
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox.mailbox);
    try {
      const opened = client.mailbox;
      if (opened === false) return 0;
      const uidValidity = opened.uidValidity;
      const position = await findImapPosition(deps.db, mailbox.mailbox);
      const from = position !== null && position.uidValidity === uidValidity ? position.lastUid + 1n : 1n;
      // Sizes first, so that nothing over the limit is downloaded; no command runs inside a fetch.
      const waiting: { uid: number; size: number }[] = [];
      for await (const message of client.fetch(`${from}:*`, { uid: true, size: true }, { uid: true })) {
        if (BigInt(message.uid) >= from) waiting.push({ uid: message.uid, size: message.size ?? 0 });
      }
      const batch = waiting.sort((first, second) => first.uid - second.uid).slice(0, BATCH);
      for (const { uid, size } of batch) {
        if (size <= deps.config.INBOUND_MAX_MESSAGE_BYTES) {
          const fetched = await client.fetchOne(
            String(uid),
            { uid: true, internalDate: true, source: true },
            { uid: true },
          );
          if (fetched === false || fetched.source === undefined) continue;
          await storeInboundMessage(deps, {
            raw: fetched.source,
            envelope: {
              // The arrival in the mailbox, when the clock started (docs/legal-rules.md#email-requests).
              receivedAt: new Date(fetched.internalDate ?? deps.clock.now()),
              source: 'imap',
              imap: { mailbox: mailbox.mailbox, uidValidity, uid: BigInt(uid) },
            },
          });
          await client.messageFlagsAdd(String(uid), [STORED_FLAG], { uid: true });
        } else {
          deps.logger.warn(
            { uid, size },
            'an IMAP message over INBOUND_MAX_MESSAGE_BYTES was left in the mailbox',
          );
        }
        await saveImapPosition(deps.db, {
          mailbox: mailbox.mailbox,
          uidValidity,
          lastUid: BigInt(uid),
          now: deps.clock.now(),
        });
      }
      return batch.length;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
