// The postgres connector's side: the business's own systems' databases, reached with the
// data map's statements. Values are always bound parameters; the only text chosen at run
// time is a correction's column, taken from the system's `fields` and quoted
// (src/domain/fulfilment/sql-statement.ts). Every statement runs under a statement timeout,
// and an access statement in a read-only transaction, so a mistaken map cannot change data.

import pg from 'pg';
import { compileStatement } from '../../domain/fulfilment/sql-statement.js';

/** One small pool per system database, opened on first use and closed with the worker. */
export interface SystemDatabases {
  run(
    url: string,
    statement: { sql: string; column?: string; values: Readonly<Record<string, unknown>>; readOnly: boolean },
  ): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  close(): Promise<void>;
}

const POOL_SIZE = 4;

export function openSystemDatabases({ timeoutMs }: { timeoutMs: number }): SystemDatabases {
  const pools = new Map<string, pg.Pool>();
  const poolFor = (url: string) => {
    let pool = pools.get(url);
    if (pool === undefined) {
      pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: timeoutMs });
      // An idle connection dropped by the server must not crash the process; the next use reconnects.
      pool.on('error', () => undefined);
      pools.set(url, pool);
    }
    return pool;
  };

  return {
    async run(url, { sql, column, values, readOnly }) {
      const compiled = compileStatement(sql, column);
      const parameters = compiled.parameters.map((name) => values[name] ?? null);
      const client = await poolFor(url).connect();
      try {
        await client.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
        await client.query(`SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`);
        const result = await client.query<Record<string, unknown>>(compiled.text, parameters);
        await client.query('COMMIT');
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.end()));
      pools.clear();
    },
  };
}
