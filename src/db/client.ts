import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/client.js';

export type Database = PrismaClient;

/** The client inside `db.$transaction(async (tx) => …)`: what repositories take. */
export type Transaction = Prisma.TransactionClient;

/**
 * The Prisma client over node-postgres: no query-engine binary (Prisma 7 driver
 * adapter). Statements are prepared once per connection, named by their text,
 * so PostgreSQL parses and plans the intake's large statement once, not on
 * every request (bench/intake.ts). The texts are few: every query is
 * parameterised. (A transaction-mode connection pooler in front of PostgreSQL
 * would need this off.)
 */
export function createDatabase(databaseUrl: string): Database {
  return new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: databaseUrl },
      { statementNameGenerator: ({ sql }) => `rd_${createHash('sha1').update(sql).digest('base64url')}` },
    ),
  });
}
