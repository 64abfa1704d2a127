import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
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
 * The Prisma client over node-postgres: no query-engine binary (Prisma 7 driver
 * adapter). A statement marked PREPARED is named by its text (a transaction-mode
 * connection pooler in front of PostgreSQL would need that off); node-postgres
 * sends an empty name unnamed.
 */
export function createDatabase(databaseUrl: string): Database {
  const statementNameGenerator = ({ sql }: { sql: string }) =>
    sql.startsWith(PREPARED_MARK) ? `rd_${createHash('sha1').update(sql).digest('base64url')}` : '';
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl }, { statementNameGenerator }),
  });
}
