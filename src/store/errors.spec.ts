import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreInputError, translateStoreError } from './errors.js';

/** Runs `fn` and answers what it threw, failing when it did not throw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.fail('expected a throw');
}

const codeOf = (error: unknown) => translateStoreError(error)?.code ?? null;

describe('translateStoreError with real SQLite errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-errors-'));
  const file = join(dir, 'x.db');
  const db = new BetterSqlite3(file);
  db.exec(`create table t (id integer primary key, v text unique);
    create table c (t_id integer references t(id)); pragma foreign_keys = on;`);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('busy and locked → store_busy', () => {
    const other = new BetterSqlite3(file, { timeout: 0 });
    try {
      db.exec('begin immediate');
      expect(codeOf(thrown(() => other.exec("insert into t (v) values ('a')")))).toBe('store_busy');
    } finally {
      db.exec('rollback');
      other.close();
    }
  });

  it('unique violations → conflict, foreign-key violations → not_found', () => {
    db.exec("insert into t (v) values ('dup')");
    expect(codeOf(thrown(() => db.exec("insert into t (v) values ('dup')")))).toBe('conflict');
    expect(codeOf(thrown(() => db.exec('insert into t (id) values (1), (1)')))).toBe('conflict');
    expect(codeOf(thrown(() => db.exec('insert into c values (999)')))).toBe('not_found');
  });

  it('read-only and full databases → store_unavailable', () => {
    const readonly = new BetterSqlite3(file, { readonly: true });
    try {
      expect(codeOf(thrown(() => readonly.exec("insert into t (v) values ('r')")))).toBe('store_unavailable');
    } finally {
      readonly.close();
    }
    const full = new BetterSqlite3(':memory:');
    try {
      full.exec('create table big (v blob)');
      full.pragma(`max_page_count = ${full.pragma('page_count', { simple: true })}`);
      const error = thrown(() => full.prepare('insert into big values (?)').run(Buffer.alloc(100_000)));
      expect(translateStoreError(error)).toMatchObject({
        code: 'store_unavailable',
        details: { cause: 'SQLITE_FULL' },
      });
    } finally {
      full.close();
    }
  });

  it('leaves programming errors alone (they are re-thrown)', () => {
    expect(codeOf(thrown(() => db.exec('select * from no_such_table')))).toBeNull();
    expect(codeOf(new Error('plain'))).toBeNull();
    expect(codeOf('a string')).toBeNull();
  });
});

describe('translateStoreError with PostgreSQL and system errors', () => {
  /** The shape node-postgres gives server errors (a DatabaseError with a SQLSTATE code). */
  const pgError = (code: string, constraint?: string) =>
    Object.assign(new pg.DatabaseError('server said no', 0, 'error'), {
      code,
      constraint,
      severity: 'ERROR',
    });

  it('maps SQLSTATE classes', () => {
    expect(translateStoreError(pgError('23505', 'tokens_owner_fingerprint_key'))).toMatchObject({
      code: 'conflict',
      details: { cause: '23505', constraint: 'tokens_owner_fingerprint_key' },
    });
    expect(codeOf(pgError('23503'))).toBe('not_found');
    for (const busy of ['40001', '40P01', '55P03', '57014']) expect(codeOf(pgError(busy))).toBe('store_busy');
    for (const down of ['53100', '53300', '08006', '57P01', '28P01', '3D000', '25006']) {
      expect(codeOf(pgError(down))).toBe('store_unavailable');
    }
    expect(codeOf(pgError('42P01'))).toBeNull(); // undefined table: a bug, not an outage
  });

  it('maps unreachable servers and full or read-only disks to store_unavailable', () => {
    const system = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ENOSPC', 'EROFS', 'EACCES']) {
      expect(codeOf(system(code))).toBe('store_unavailable');
    }
    expect(codeOf(new AggregateError([system('ECONNREFUSED'), system('ECONNREFUSED')]))).toBe(
      'store_unavailable',
    );
    expect(codeOf(new Error('Connection terminated unexpectedly'))).toBe('store_unavailable');
  });

  it('maps the store’s own input checks to invalid_input', () => {
    expect(translateStoreError(new StoreInputError('limit must be …'))).toMatchObject({
      code: 'invalid_input',
      message: 'limit must be …',
    });
  });
});
