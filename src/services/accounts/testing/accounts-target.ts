import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, SQLITE_FILE_NAME, type Store } from '../../../store/index.js';
import { unwrap } from '../../../store/testing/factories.js';
import { makePostgresTarget, TEST_DATABASE_URL } from '../../../store/testing/postgres-target.js';

/** One database the accounts tests use, and a way to read everything in it as text. */
export interface AccountsTarget {
  readonly name: 'SQLite' | 'PostgreSQL';
  open(options?: { now?: () => Date }): Promise<Store>;
  /**
   * Every byte the database keeps, as text: SQLite's file and WAL, or every row of every table
   * in PostgreSQL. For "no secret at rest" checks.
   */
  contents(): Promise<string>;
  dispose(): Promise<void>;
}

export type MakeAccountsTarget = () => Promise<AccountsTarget>;

export const makeSqliteAccountsTarget: MakeAccountsTarget = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fk-accounts-'));
  return {
    name: 'SQLite',
    open: async (options = {}) => unwrap(await openStore({ dataDir, env: {}, ...options })),
    async contents() {
      const files = readdirSync(dataDir).filter((file) => file.startsWith(SQLITE_FILE_NAME));
      return Buffer.concat(files.map((file) => readFileSync(join(dataDir, file)))).toString('latin1');
    },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
};

export const makePostgresAccountsTarget: MakeAccountsTarget = async () => {
  const target = await makePostgresTarget();
  return {
    name: 'PostgreSQL',
    open: (options = {}) => target.open(options),
    async contents() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>(
          'select table_name from information_schema.tables where table_schema = $1',
          [target.schema],
        );
        const dumps: string[] = [];
        for (const { table_name } of tables.rows) {
          const rows = await client.query<{ row: string }>(
            `select row_to_json(t)::text as row from ${target.schema}.${table_name} t`,
          );
          dumps.push(...rows.rows.map((r) => r.row));
        }
        return dumps.join('\n');
      } finally {
        await client.end();
      }
    },
    dispose: () => target.dispose(),
  };
};
