import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteWriteThread } from './write-thread.js';

let dir: string;
let file: string;
let thread: SqliteWriteThread;

const insert = (id: number) => ({ sql: 'insert into t (id, n) values (?, 0)', parameters: [id] });
const bump = (id: number) => ({ sql: 'update t set n = n + 1 where id = ?', parameters: [id] });
const log = (id: number) => ({ sql: 'insert into log (id) values (?)', parameters: [id] });

function rows(sql: string): unknown[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'write-thread-'));
  file = join(dir, 'test.db');
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.exec(
    'create table t (id integer primary key, n integer not null); create table log (id integer primary key)',
  );
  db.prepare('insert into t (id, n) values (1, 0)').run();
  db.close();
  thread = new SqliteWriteThread(file, 1_000);
});

afterEach(async () => {
  await thread.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteWriteThread', () => {
  it('runs the steps in one transaction, the next statement only where a row changed', async () => {
    // Row 2 does not exist: its update changes nothing, and its log line is not written.
    const changed = await thread.apply([
      { statement: bump(1), whenChanged: log(1) },
      { statement: bump(2), whenChanged: log(2) },
    ]);
    expect(changed).toBe(1);
    expect(rows('select id, n from t')).toEqual([{ id: 1, n: 1 }]);
    expect(rows('select id from log')).toEqual([{ id: 1 }]);
  });

  it('rolls the whole request back when a statement fails, with the driver code', async () => {
    const failed = thread.apply([{ statement: bump(1) }, { statement: insert(1) }]);
    await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(rows('select id, n from t')).toEqual([{ id: 1, n: 0 }]);
    // The thread goes on serving.
    expect(await thread.apply([{ statement: insert(3) }])).toBe(1);
  });

  it('refuses work once closed; closing twice is fine', async () => {
    expect(await thread.apply([{ statement: bump(1) }])).toBe(1);
    await thread.close();
    await thread.close();
    await expect(thread.apply([{ statement: bump(1) }])).rejects.toMatchObject({ code: 'SQLITE_CANTOPEN' });
    expect(rows('select n from t')).toEqual([{ n: 1 }]);
  });
});
