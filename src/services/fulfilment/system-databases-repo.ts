// The postgres connector's side: the business's own systems' databases, reached with the
// data map's statements. Values are always bound parameters; the only text chosen at run
// time is a correction's column, taken from the system's `fields` and quoted
// (src/domain/fulfilment/sql-statement.ts). Every statement runs under a statement timeout,
// and an access statement in a read-only session, so a mistaken map cannot change data.

import pg from 'pg';
import { statementNameOf } from '../../db/client.js';
import { compileStatement } from '../../domain/fulfilment/sql-statement.js';

/** The system databases a worker reaches, closed with the worker. */
export interface SystemDatabases {
  run(
    url: string,
    statement: { sql: string; column?: string; values: Readonly<Record<string, unknown>>; readOnly: boolean },
  ): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  close(): Promise<void>;
}

/**
 * Two pools per system database, opened on first use: one whose sessions are read-only
 * (`default_transaction_read_only`), for access statements, and one for the others. Both
 * carry the statement timeout, so each statement is one round trip in its own transaction.
 * `poolSize` bounds each: the worker's batch size, the calls it makes at once.
 */
export function openSystemDatabases({
  timeoutMs,
  poolSize,
}: {
  timeoutMs: number;
  poolSize: number;
}): SystemDatabases {
  const pools = new Map<string, pg.Pool>();
  const poolFor = (url: string, readOnly: boolean) => {
    const key = `${readOnly ? 'read' : 'write'} ${url}`;
    let pool = pools.get(key);
    if (pool === undefined) {
      pool = new pg.Pool({
        connectionString: url,
        max: poolSize,
        connectionTimeoutMillis: timeoutMs,
        statement_timeout: Math.trunc(timeoutMs),
        ...(readOnly && { options: '-c default_transaction_read_only=on' }),
      });
      // An idle connection dropped by the server must not crash the process; the next use reconnects.
      pool.on('error', () => undefined);
      pools.set(key, pool);
    }
    return pool;
  };

  return {
    async run(url, { sql, column, values, readOnly }) {
      const compiled = compileStatement(sql, column);
      const parameters = compiled.parameters.map((name) => values[name] ?? null);
      // Named, so each connection parses and plans a map's few fixed statements once (bench/fulfilment.ts).
      const result = await poolFor(url, readOnly).query<Record<string, unknown>>({
        name: statementNameOf(compiled.text),
        text: compiled.text,
        values: parameters,
      });
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.end()));
      pools.clear();
    },
  };
}
