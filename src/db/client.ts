import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/client.js';

export type Database = PrismaClient;

/** The client inside `db.$transaction(async (tx) => …)`: what repositories take. */
export type Transaction = Prisma.TransactionClient;

/** The Prisma client over node-postgres: no query-engine binary (Prisma 7 driver adapter). */
export function createDatabase(databaseUrl: string): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
