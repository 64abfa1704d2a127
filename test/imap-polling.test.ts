// Polling an existing mailbox over IMAP, against a real Dovecot: 50 messages,
// each stored and processed exactly once across a restart of the IMAP server
// and of the poller in the middle, each received at its IMAP INTERNALDATE.

import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { createImapPoller } from '../src/jobs/imap-poller.js';
import { createInboundMailProcessor } from '../src/jobs/inbound-mail-processor.js';
import { STORED_FLAG } from '../src/services/inbound-mail/poll-imap-mailbox.js';
import { startTestImapServer } from './support/dovecot.js';
import { useEmailChannelTestApp } from './support/inbound-mail.js';
import { useDuringSuite } from './support/suite.js';

const imap = useDuringSuite(startTestImapServer, (server) => server.close());
const harness = useEmailChannelTestApp();
const COUNT = 50;
const FIRST_ARRIVAL = Date.parse('2026-11-02T17:00:00.000Z');

function imapClient() {
  return new ImapFlow({
    host: '127.0.0.1',
    port: imap.port,
    secure: false,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
  });
}

async function deliverToMailbox() {
  const client = imapClient();
  await client.connect();
  for (let index = 0; index < COUNT; index += 1) {
    const raw = [
      `From: Sender ${index} <sender${index}@example.com>`,
      'To: privacy@rightsdesk.test',
      `Message-ID: <imap-${index}@example.com>`,
      'Subject: California Rights Request',
      '',
      'Please delete my personal information.',
      '',
    ].join('\r\n');
    await client.append('INBOX', raw, [], new Date(FIRST_ARRIVAL + index * 60_000));
  }
  await client.logout();
}

async function flaggedCount(): Promise<number> {
  const client = imapClient();
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  let flagged = 0;
  try {
    for await (const message of client.fetch('1:*', { flags: true })) {
      if (message.flags?.has(STORED_FLAG)) flagged += 1;
    }
  } finally {
    lock.release();
    await client.logout();
  }
  return flagged;
}

describe('polling a mailbox over IMAP', () => {
  it('stores and processes each of 50 messages exactly once across a restart in the middle', async () => {
    await deliverToMailbox();
    const deps = harness.app.deps;
    const before = createImapPoller(deps, imap.url);
    expect(await before.runOnce()).toBe(20);
    expect(await before.runOnce()).toBe(20);

    // The IMAP server restarts: a round meanwhile fails and stores nothing.
    await imap.stop();
    await expect(before.runOnce()).rejects.toThrow();
    await imap.start();
    // The instance crashed after storing messages 11-40 but before keeping how far it had read.
    await harness.db.imapMailboxPosition.updateMany({ data: { lastUid: 10n } });

    const after = createImapPoller(deps, imap.url);
    while ((await after.runOnce()) > 0) {
      // until the mailbox is read
    }
    expect(await harness.db.inboundMessage.count({ where: { source: 'imap' } })).toBe(COUNT);

    // Two processors, as on two instances, take the messages at the same time.
    const second = createInboundMailProcessor(deps);
    const drain = async (processor: { runOnce(): Promise<number> }) => {
      while ((await processor.runOnce()) > 0) {
        // until nothing is pending
      }
    };
    await Promise.all([drain(harness.processor), drain(second)]);

    const requests = await harness.db.privacyRequest.findMany({
      where: { channel: 'email' },
      include: { subject: true },
      orderBy: { receivedAt: 'asc' },
    });
    expect(requests).toHaveLength(COUNT);
    expect(new Set(requests.map((request) => request.subject?.emailNormalized)).size).toBe(COUNT);
    requests.forEach((request, index) => {
      expect(request.receivedAt.getTime()).toBe(FIRST_ARRIVAL + index * 60_000);
      expect(request.type).toBe('delete');
    });
    const stored = await harness.db.inboundMessage.findMany({ where: { source: 'imap' } });
    expect(stored.every((message) => message.status === 'processed' && message.requestId !== null)).toBe(
      true,
    );
    expect(new Set(stored.map((message) => message.imapUid)).size).toBe(COUNT);
    expect(await flaggedCount()).toBe(COUNT);
  });
});
