import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startCountingSmtpServer } from './support/counting-smtp.js';
import { createMigratedDatabase } from './support/database.js';
import { PROCESS_TEST_TIMEOUT_MS, startServerProcess, waitUntilReady } from './support/server-process.js';

const REQUESTS = 15;

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('mail across kill -9', { timeout: 4 * PROCESS_TEST_TIMEOUT_MS }, () => {
  it('sends every message exactly once when the sending server is killed with messages in flight', async () => {
    const smtp = await startCountingSmtpServer();
    const database = await createMigratedDatabase();
    const owner = new pg.Client({ connectionString: database.ownerUrl });
    await owner.connect();
    const environment = {
      DATABASE_URL: database.url,
      MIGRATION_DATABASE_URL: database.ownerUrl,
      SMTP_URL: smtp.url,
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_EMAIL: '0',
    };
    const servers = [];
    try {
      const first = await startServerProcess(environment);
      servers.push(first);
      await waitUntilReady(first, 90_000);

      // The relay takes the messages but holds its answers: they are in flight.
      smtp.hold();
      for (let index = 0; index < REQUESTS; index += 1) {
        const response = await fetch(`${first.baseUrl}/api/v1/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'delete',
            subject: { firstName: 'Kim', lastName: 'Lee', email: `killed.${index}@example.com`, state: 'CA' },
          }),
        });
        expect(response.status).toBe(201);
      }
      await until(() => smtp.held() >= 5, 30_000, 'messages in flight');
      first.child.kill('SIGKILL');
      await first.exited;
      // The killed sender's connections are gone: the relay accepted none of what it held.
      await sleep(300);
      smtp.release();
      expect(smtp.accepted()).toBe(0);

      const second = await startServerProcess(environment);
      servers.push(second);
      await waitUntilReady(second, 90_000);
      const pending = async () =>
        Number(
          (
            await owner.query(
              `SELECT count(*) AS n FROM outbox_messages WHERE topic LIKE 'mail.%' AND status <> 'sent'`,
            )
          ).rows[0].n,
        );
      // The killed server's claims lapse after their lease (30 s); then the second sends them.
      await until(async () => (await pending()) === 0, 120_000, 'the outbox to drain');

      const { rows } = await owner.query(`SELECT id FROM outbox_messages WHERE topic LIKE 'mail.%'`);
      expect(rows).toHaveLength(2 * REQUESTS);
      // Every Message-ID names its outbox row (src/domain/message-ids.ts).
      expect(
        [...smtp.counts.keys()].map((messageId) => /<rd\.([0-9a-f-]{36})@/.exec(messageId)?.[1]).sort(),
      ).toEqual(rows.map((row: { id: string }) => row.id).sort());
      expect([...smtp.counts.values()].every((count) => count === 1)).toBe(true);
    } finally {
      for (const server of servers) server.child.kill('SIGKILL');
      await owner.end();
      await smtp.close();
      await database.drop();
    }
  });
});
