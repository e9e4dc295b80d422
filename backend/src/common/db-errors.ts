/** Answered with 503 and `Retry-After`: nothing of the request was stored; retry later. */
export class RetryLaterError extends Error {}

/** Raised when the database cannot be reached. */
export class DatabaseUnavailableError extends RetryLaterError {
  constructor(override readonly cause: unknown) {
    super('database unavailable; nothing of this request was stored, retry later');
  }
}

/**
 * A request that waited on a database that stopped answering (database/mysql-watchdog.ts).
 * Nothing of it is stored from then on; a commit the database received just before it hung may
 * still apply, so the upstream's retry of an ingest answers those events as duplicates.
 */
export class DatabaseTimeoutError extends RetryLaterError {
  constructor(waitedMs: number) {
    super(
      `the database did not answer within ${waitedMs} ms; retry later (events that were stored all the same are answered as duplicates)`,
    );
  }
}

/** Code of the driver error raised by the watchdog when the database does not answer. */
export const DATABASE_UNRESPONSIVE = 'GRIDWALL_DB_UNRESPONSIVE';

/** Raised for requests that arrive while this instance shuts down. */
export class ShuttingDownError extends RetryLaterError {
  constructor() {
    super('this instance is shutting down; nothing of this request was stored, retry (another instance will answer)');
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  DATABASE_UNRESPONSIVE,
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
]);

/** True for errors that mean "the database is not reachable or not answering" (not a bug). */
export function isConnectionError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const e = cur as { code?: unknown; fatal?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('SQLITE_IOERR'))) return true;
    if (e.fatal === true) return true;
    if (
      typeof e.message === 'string' &&
      /connection.*(closed|lost|refused)|Pool is closed|Can't add new command when connection is in closed state/i.test(
        e.message,
      )
    ) {
      return true;
    }
    cur = e.driverError ?? e.cause;
  }
  return false;
}

/** True for a deadlock that the transaction may simply retry. */
export function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  return code === 'ER_LOCK_DEADLOCK';
}

/**
 * True for a unique-key violation: another instance inserted the same event id between this
 * transaction's read and its insert. The transaction is retried and then sees that row (a
 * duplicate, or a conflict with other content).
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
