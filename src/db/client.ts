import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from './generated/client.js';

export type Database = PrismaClient;

/** The client inside `db.$transaction(async (tx) => …)`: what repositories take. */
export type Transaction = Prisma.TransactionClient;

const PREPARED_MARK = '/* prepared */';

/**
 * Begins a raw statement that PostgreSQL should parse and plan once per
 * connection rather than on every call: for a hot statement whose text never
 * varies (the intake's, bench/intake.ts). Other statements stay unnamed, so
 * texts that vary (a list of ids) do not pile up as prepared statements.
 */
export const PREPARED = Prisma.raw(`${PREPARED_MARK} `);

/**
 * A prepared statement's name, derived from its text once: hot statements are long. Only for
 * texts that never vary (one entry each here), which is what preparing is for.
 */
const statementNames = new Map<string, string>();

export function statementNameOf(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `rd_${createHash('sha1').update(sql).digest('base64url')}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Runs a raw statement and answers its rows exactly as `db.$queryRaw` would, but, on the
 * client itself rather than in a transaction, sends it with node-postgres directly: Prisma's
 * raw path spends about 0.2 ms of CPU per statement, more with many parameters, which the
 * hottest statements (a request's read, a decision's write, the fulfilment worker's) cannot
 * afford (bench/fulfilment.ts). In a transaction it goes through Prisma, on its connection.
 */
export async function queryRows<Row>(db: Database | Transaction, statement: Prisma.Sql): Promise<Row[]> {
  const pool = pools.get(db as Database);
  if (pool === undefined) return db.$queryRaw<Row[]>(statement);
  const { text, values } = statement;
  const { rows } = await pool.query<Row & pg.QueryResultRow>({
    ...(text.startsWith(PREPARED_MARK) && { name: statementNameOf(text) }),
    text,
    values,
    types: AS_PRISMA_READS_THEM,
  });
  return rows;
}

/** OIDs of the types node-postgres reads otherwise than Prisma does. */
const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;

/**
 * node-postgres reads a date or a timestamp without zone in the process's own zone and a
 * bigint as text; Prisma reads them as UTC and as a BigInt. Compared in test/query-rows.test.ts.
 */
const AS_PRISMA_READS_THEM: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    switch (oid) {
      case INT8:
        return (text: string) => BigInt(text);
      case DATE:
        return (text: string) => new Date(`${text}T00:00:00Z`);
      case TIMESTAMP:
        return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
      default:
        return pg.types.getTypeParser(oid, format);
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** How long the pool and the server may make a caller wait (README, "Database down or hung"). */
export interface DatabaseTimeouts {
  poolSize: number;
  /** Waiting for a pooled connection, or for a new one to open. */
  poolTimeoutMs: number;
  /** One statement, enforced by the server (statement_timeout) and, for a hung server, by the client. */
  statementTimeoutMs: number;
  /** A transaction left open without work is ended by the server, releasing its locks. */
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  poolSize: 10,
  poolTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 30_000,
};

/** What the connection pool is doing now: for shedding load when queries queue up. */
export interface PoolUsage {
  total: number;
  idle: number;
  waiting: number;
}

const pools = new WeakMap<Database, pg.Pool>();

export function poolUsageOf(db: Database): PoolUsage {
  const pool = pools.get(db);
  return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
}

/**
 * The Prisma client over node-postgres: no query-engine binary (Prisma 7 driver
 * adapter). A statement marked PREPARED is named by its text (a transaction-mode
 * connection pooler in front of PostgreSQL would need that off); node-postgres
 * sends an empty name unnamed.
 */
export function createDatabase(
  databaseUrl: string,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
): Database {
  const statementNameGenerator = ({ sql }: { sql: string }) =>
    sql.startsWith(PREPARED_MARK) ? statementNameOf(sql) : '';
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: timeouts.poolSize,
    connectionTimeoutMillis: timeouts.poolTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    // A server that stopped answering (suspended, a dropped network path) never sends the
    // statement_timeout error: the client gives up a little later on its own.
    query_timeout: timeouts.statementTimeoutMs + 1_000,
    keepAlive: true,
  });
  const db = new PrismaClient({
    adapter: new PrismaPg(pool, { statementNameGenerator, disposeExternalPool: true }),
  });
  pools.set(db, pool);
  return db;
}
