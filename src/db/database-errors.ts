// PostgreSQL's refusals, recognised through Prisma's driver-adapter errors.

import { Prisma } from './generated/client.js';

/** P2002 from a model query, P2010 from a raw one (`$queryRaw`, `$executeRaw`). */
const UNIQUE_VIOLATION_CODES: readonly string[] = ['P2002', 'P2010'];

interface DriverAdapterCause {
  /** The adapter's own name for the failure, e.g. DatabaseNotReachable. */
  kind?: unknown;
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

/** Prisma's codes for a database it cannot reach, or a connection it could not get in time. */
const UNAVAILABLE_PRISMA_CODES: readonly string[] = ['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028'];
const UNAVAILABLE_ADAPTER_KINDS: readonly string[] = [
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
];
/**
 * SQLSTATEs of a server that is going away or overloaded: connection exceptions (08),
 * shutdown and start-up (57P01-57P03), statement and idle-in-transaction timeouts,
 * too many connections.
 */
const UNAVAILABLE_SQL_STATE = /^(08...|57P0[1-3]|57014|25P03|53300)$/;
/** node-postgres's own errors for a pool or a connection that gave up. */
const UNAVAILABLE_DRIVER_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|not queryable|Query read timeout|ECONNREFUSED|ECONNRESET/;
const UNAVAILABLE_SOCKET_CODES: readonly unknown[] = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'];

/**
 * Whether `error` says the database is down, hung or saturated rather than that the
 * statement was wrong: the caller may try again shortly (HTTP 503 with Retry-After).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (UNAVAILABLE_PRISMA_CODES.includes(error.code)) return true;
    const cause = driverCauseOf(error);
    if (cause === undefined) return false;
    if (typeof cause.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.includes(cause.kind)) return true;
    const sqlState = cause.originalCode ?? cause.code;
    return typeof sqlState === 'string' && UNAVAILABLE_SQL_STATE.test(sqlState);
  }
  if (!(error instanceof Error)) return false;
  const { code } = error as Error & { code?: unknown };
  if (UNAVAILABLE_SOCKET_CODES.includes(code)) return true;
  if (typeof code === 'string' && UNAVAILABLE_SQL_STATE.test(code)) return true;
  return UNAVAILABLE_DRIVER_MESSAGE.test(error.message);
}
