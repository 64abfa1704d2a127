// The figures /metrics reads from the database at each scrape: one statement,
// counts and ages only.

import type { Database } from '../../db/client.js';

export interface OperationalFigures {
  mailPending: number;
  /** Seconds since the oldest pending mail was written; 0 when none waits. */
  mailOldestPendingSeconds: number;
  mailFailed: number;
  lettersPending: number;
  auditUnsealed: number;
  /** Seconds since the oldest unsealed audit event was written: the audit linker's lag. */
  auditOldestUnsealedSeconds: number;
  /** Fulfilment tasks by status (statuses with none left out). */
  fulfilmentTasks: { status: string; count: number }[];
  /** Connections of this database's role to this database, by state (every instance's pool). */
  databaseConnections: { state: string; count: number }[];
}

export async function readOperationalFigures(db: Database): Promise<OperationalFigures> {
  const [row] = await db.$queryRaw<
    {
      mail_pending: bigint;
      mail_oldest: number | null;
      mail_failed: bigint;
      letters_pending: bigint;
      audit_unsealed: bigint;
      audit_oldest: number | null;
      tasks: { status: string; count: number }[] | null;
      connections: { state: string | null; count: number }[] | null;
    }[]
  >`
    SELECT
      (SELECT count(*) FROM outbox_messages WHERE status = 'pending' AND topic LIKE 'mail.%') AS mail_pending,
      (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM outbox_messages
        WHERE status = 'pending' AND topic LIKE 'mail.%') AS mail_oldest,
      (SELECT count(*) FROM outbox_messages WHERE status = 'failed' AND topic LIKE 'mail.%') AS mail_failed,
      (SELECT count(*) FROM outbox_messages WHERE status = 'pending' AND topic LIKE 'letter.%') AS letters_pending,
      (SELECT count(*) FROM audit_events WHERE chain_position IS NULL) AS audit_unsealed,
      (SELECT extract(epoch FROM now() - min(occurred_at))::float8 FROM audit_events
        WHERE chain_position IS NULL) AS audit_oldest,
      (SELECT json_agg(json_build_object('status', status, 'count', count)) FROM (
        SELECT status::text AS status, count(*)::int AS count FROM fulfilment_tasks GROUP BY 1) AS by_status) AS tasks,
      (SELECT json_agg(json_build_object('state', state, 'count', count)) FROM (
        SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count FROM pg_stat_activity
        WHERE datname = current_database() AND usename = current_user GROUP BY 1) AS by_state) AS connections`;
  return {
    mailPending: Number(row?.mail_pending ?? 0),
    mailOldestPendingSeconds: Math.max(0, row?.mail_oldest ?? 0),
    mailFailed: Number(row?.mail_failed ?? 0),
    lettersPending: Number(row?.letters_pending ?? 0),
    auditUnsealed: Number(row?.audit_unsealed ?? 0),
    auditOldestUnsealedSeconds: Math.max(0, row?.audit_oldest ?? 0),
    fulfilmentTasks: row?.tasks ?? [],
    databaseConnections: (row?.connections ?? []).map((entry) => ({
      state: entry.state ?? 'unknown',
      count: entry.count,
    })),
  };
}
