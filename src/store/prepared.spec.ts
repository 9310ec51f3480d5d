import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { runPrepared, runPreparedArrays } from './prepared.js';
import type { Database } from './schema.js';
import { withStatementCache } from './sqlite/statement-cache.js';

describe('runPrepared', () => {
  const raw = new BetterSqlite3(':memory:');
  raw.exec('create table settings (key text primary key, value text not null)');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  afterAll(() => db.destroy());

  const upsert = (key: string, value: string) =>
    runPrepared(
      db,
      'sqlite',
      'test.upsert',
      (slot) =>
        db
          .insertInto('settings')
          .values({ key: slot('key'), value: slot('value') })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: slot('next') }))
          .returning(['key', 'value']),
      { key, value, next: value },
    );

  it('runs the builder’s SQL with each run’s parameters, compiled once', async () => {
    expect(await upsert('a', '1')).toEqual([{ key: 'a', value: '1' }]);
    expect(await upsert('b', '2')).toEqual([{ key: 'b', value: '2' }]);
    expect(await upsert('a', '3')).toEqual([{ key: 'a', value: '3' }]);
    const read = (key: string) =>
      runPrepared(
        db,
        'sqlite',
        'test.read',
        (slot) => db.selectFrom('settings').select('value').where('key', '=', slot('key')),
        { key },
      );
    expect(await read('a')).toEqual([{ value: '3' }]);
    expect(await read('missing')).toEqual([]);
  });

  it('keeps the builder’s own constants', async () => {
    const rows = await runPrepared(
      db,
      'sqlite',
      'test.constant',
      (slot) =>
        db.selectFrom('settings').select('key').where('key', '=', slot('key')).where('value', '=', '2'),
      { key: 'b' },
    );
    expect(rows).toEqual([{ key: 'b' }]);
  });

  it('refuses a slot that is not exactly one parameter', async () => {
    await expect(
      runPrepared(
        db,
        'sqlite',
        'test.unused',
        (slot) => {
          slot('never-used');
          return db.selectFrom('settings').select('key');
        },
        {},
      ),
    ).rejects.toThrow(/slot never-used/);
  });

  it('answers rows as arrays in select order when asked, through the statement cache', async () => {
    const cached = new BetterSqlite3(':memory:');
    cached.exec(
      "create table settings (key text primary key, value text not null); insert into settings values ('k', 'v')",
    );
    const arraysDb = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(cached) }),
    });
    try {
      const build = (slot: (name: string) => never) =>
        arraysDb.selectFrom('settings').select(['value', 'key']).where('key', '=', slot('key'));
      expect(await runPreparedArrays(arraysDb, 'test.arrays', build, { key: 'k' })).toEqual([['v', 'k']]);
      // The same SQL without the marker still answers objects: the two statements are apart.
      expect(await runPrepared(arraysDb, 'sqlite', 'test.objects', build, { key: 'k' })).toEqual([
        { value: 'v', key: 'k' },
      ]);
    } finally {
      await arraysDb.destroy();
    }
  });
});
