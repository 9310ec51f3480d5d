import { type FkError, fkError } from '../domain/errors/error.js';

/**
 * Turns a driver error (better-sqlite3 `SqliteError`, node-postgres `DatabaseError`, a Node system
 * error) into a catalogue error, or returns null for anything else (a bug: it is re-thrown).
 * Only codes and constraint names go into details, never values: a unique violation's message
 * quotes the row's key.
 */
export function translateStoreError(error: unknown): FkError | null {
  if (error instanceof StoreInputError) return fkError('invalid_input', { message: error.message });
  const code = errorCode(error);
  if (code === null) return null;
  if (code.startsWith('SQLITE_')) return translateSqlite(code);
  if (/^[0-9A-Z]{5}$/.test(code) && isPgError(error)) return translatePg(code, error);
  if (NODE_UNAVAILABLE.has(code)) {
    return fkError('store_unavailable', { details: { cause: code } });
  }
  return null;
}

/** Thrown by the store's own checks of its input (a bad timestamp, limit or cursor). */
export class StoreInputError extends Error {}

/** Busy errors are worth retrying: the lock holder is likely to finish soon. */
export function isBusyError(error: FkError): boolean {
  return error.code === 'store_busy';
}

function translateSqlite(code: string): FkError | null {
  const details = { cause: code };
  // SQLITE_BUSY_* and SQLITE_LOCKED_* variants included.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return fkError('store_busy', { details });
  }
  if (code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY')) {
    return fkError('conflict', { details });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return fkError('not_found', { message: 'The owner or record referred to does not exist.', details });
  }
  if (code === 'SQLITE_FULL') {
    return fkError('store_unavailable', { message: 'The database is out of disk space.', details });
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return fkError('store_unavailable', { message: 'The database is read-only.', details });
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_CORRUPT') ||
    code === 'SQLITE_NOTADB' ||
    code === 'SQLITE_NOMEM'
  ) {
    return fkError('store_unavailable', { details });
  }
  return null;
}

function translatePg(code: string, error: PgErrorShape): FkError | null {
  const details: Record<string, unknown> = { cause: code };
  if (error.constraint) details.constraint = error.constraint;
  if (code === '23505') return fkError('conflict', { details });
  if (code === '23503') {
    return fkError('not_found', { message: 'The owner or record referred to does not exist.', details });
  }
  // serialization_failure, deadlock_detected, lock_not_available, query_canceled (lock timeouts)
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014') {
    return fkError('store_busy', { details });
  }
  if (code === '53100') {
    return fkError('store_unavailable', { message: 'The database is out of disk space.', details });
  }
  if (code === '25006') {
    return fkError('store_unavailable', { message: 'The database is read-only.', details });
  }
  // insufficient resources, connection exceptions, operator intervention, auth, missing database,
  // system / config file errors.
  if (/^(53|08|57P|28|3D|58|F0)/.test(code)) return fkError('store_unavailable', { details });
  return null;
}

const NODE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'ENOTDIR',
  'EISDIR',
]);

interface PgErrorShape {
  code: string;
  constraint?: string;
  severity?: string;
}

/** node-postgres server errors carry a severity; Node system errors do not. */
function isPgError(error: unknown): error is PgErrorShape {
  return typeof error === 'object' && error !== null && 'severity' in error;
}

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  if ('code' in error && typeof error.code === 'string') return error.code;
  // Node reports a refused multi-address connect as an AggregateError of per-address errors.
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = errorCode(inner);
      if (innerCode !== null) return innerCode;
    }
  }
  // node-postgres: a connection that dies mid-query has no code.
  if (error instanceof Error && /Connection terminated|connection timeout/i.test(error.message)) {
    return 'ECONNRESET';
  }
  return null;
}
