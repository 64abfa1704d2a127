import { Prisma } from './generated/client.js';

/** P2002 from a model query, P2010 from a raw one (`$queryRaw`, `$executeRaw`). */
const UNIQUE_VIOLATION_CODES: readonly string[] = ['P2002', 'P2010'];

/**
 * Whether `error` is PostgreSQL refusing a duplicate in the unique index named
 * `indexName` (Prisma names them <table>_<column>_key). The driver adapter
 * reports the index under meta.driverAdapterError.cause.constraint, for model
 * and raw queries alike.
 */
export function isUniqueViolation(error: unknown, indexName: string): boolean {
  if (
    !(error instanceof Prisma.PrismaClientKnownRequestError) ||
    !UNIQUE_VIOLATION_CODES.includes(error.code)
  ) {
    return false;
  }
  const cause = (
    error.meta?.driverAdapterError as { cause?: { constraint?: { index?: unknown } } } | undefined
  )?.cause;
  return cause?.constraint?.index === indexName;
}
