import type { Database } from '../../db/client.js';

/**
 * The demo's made-up consumers (example.com addresses) are written to by no one: their
 * notices leave the outbox unsent, so that a newcomer's own first code is not queued
 * behind thousands of them. A message a worker already claimed is sent as usual.
 */
export async function discardPendingMailOf(db: Database, requestId: string): Promise<number> {
  return db.$executeRaw`
    DELETE FROM outbox_messages
    WHERE status = 'pending'
      AND locked_until IS NULL
      AND (
        payload->>'requestId' = ${requestId}
        OR payload->>'challengeId' IN (
          SELECT id::text FROM email_challenges WHERE request_id = ${requestId}::uuid
        )
      )`;
}

/** Remembers that demo:seed set up the sample telecom, for the server's choice of data map. */
export async function markDemoInstalled(db: Database): Promise<void> {
  await db.$executeRaw`
    INSERT INTO demo_installations (id) VALUES (1)
    ON CONFLICT (id) DO UPDATE SET seeded_at = now()`;
}

export async function isDemoInstalled(db: Database): Promise<boolean> {
  return (await db.demoInstallation.count()) > 0;
}
