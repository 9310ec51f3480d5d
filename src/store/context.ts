import type { Kysely } from 'kysely';
import type { FkError } from '../domain/errors/error.js';
import { err, type Result } from '../domain/result.js';
import type { Dialect } from './dialect.js';
import { isBusyError, translateStoreError } from './errors.js';
import type { Database } from './schema.js';
import type { StoreResult } from './store.js';

/** What every repository works with: a database handle, and whether it is inside a transaction. */
export interface StoreContext {
  db: Kysely<Database>;
  dialect: Dialect;
  inTransaction: boolean;
  retry: RetryPolicy;
  /** ISO 8601 now, from the store's clock. */
  now(): string;
  newId(): string;
}

export interface RetryPolicy {
  /** Extra attempts after a `store_busy`. */
  retries: number;
  /** First back-off in ms; doubles each attempt, with jitter. */
  backoffMs: number;
}

export type Op<T> = (db: Kysely<Database>) => Promise<Result<T, FkError>>;

/** Runs `op` (single statements that need no transaction), translating and retrying driver errors. */
export function run<T>(ctx: StoreContext, op: Op<T>): StoreResult<T> {
  return withRetry(ctx, () => op(ctx.db));
}

/**
 * Runs `op` in a transaction — or in the caller's, when already inside one. An error result rolls
 * the transaction back, so multi-statement writes never leave partial records.
 */
export function atomic<T>(ctx: StoreContext, op: Op<T>): StoreResult<T> {
  if (ctx.inTransaction) return withRetry(ctx, () => op(ctx.db));
  return withRetry(ctx, async () => {
    try {
      return await ctx.dialect.transaction(ctx.db, async (db) => {
        const result = await op(db);
        if (!result.ok) throw new Rollback(result.error);
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback) return err(error.error);
      throw error;
    }
  });
}

/** Carries an error result out of a transaction callback so the driver rolls back. */
class Rollback extends Error {
  constructor(readonly error: FkError) {
    super(`rolled back: ${error.code}`);
  }
}

/**
 * Busy errors are retried only outside transactions: inside one, the whole transaction has to go
 * again, which the outermost `atomic` does.
 */
async function withRetry<T>(ctx: StoreContext, attempt: () => Promise<Result<T, FkError>>): StoreResult<T> {
  const tries = ctx.inTransaction ? 1 : ctx.retry.retries + 1;
  let last: FkError | null = null;
  for (let i = 0; i < tries; i += 1) {
    if (i > 0) await sleep(ctx.retry.backoffMs * 2 ** (i - 1) * (0.5 + Math.random()));
    try {
      const result = await attempt();
      if (result.ok || !isBusyError(result.error)) return result;
      last = result.error;
    } catch (error) {
      const translated = translateStoreError(error);
      if (translated === null) throw error;
      if (!isBusyError(translated)) return err(translated);
      last = translated;
    }
  }
  return err(last!);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
