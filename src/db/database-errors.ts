// PostgreSQL's refusals, recognised through Prisma's driver-adapter errors.

import { Prisma } from './generated/client.js';

/** P2002 from a model query, P2010 from a raw one (`$queryRaw`, `$executeRaw`). */
const UNIQUE_VIOLATION_CODES: readonly string[] = ['P2002', 'P2010'];

interface DriverAdapterCause {
  /** The SQLSTATE, for an error the adapter has no kind of its own for. */
  originalCode?: unknown;
  code?: unknown;
  constraint?: { index?: unknown };
}

function driverCauseOf(error: unknown): DriverAdapterCause | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  return (error.meta?.driverAdapterError as { cause?: DriverAdapterCause } | undefined)?.cause;
}

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
  return driverCauseOf(error)?.constraint?.index === indexName;
}

/** Whether `error` is one a database function raised with this SQLSTATE. */
export function isDatabaseError(error: unknown, sqlState: string): boolean {
  const cause = driverCauseOf(error);
  return cause?.originalCode === sqlState || cause?.code === sqlState;
}
