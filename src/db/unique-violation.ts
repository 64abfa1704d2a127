import { Prisma } from './generated/client.js';

/**
 * Whether `error` is PostgreSQL refusing a duplicate in the unique index named
 * `indexName` (Prisma names them <table>_<column>_key). The driver adapter
 * reports the index under meta.driverAdapterError.cause.constraint.
 */
export function isUniqueViolation(error: unknown, indexName: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  const cause = (
    error.meta?.driverAdapterError as { cause?: { constraint?: { index?: unknown } } } | undefined
  )?.cause;
  return cause?.constraint?.index === indexName;
}
