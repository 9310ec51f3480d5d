import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type Kysely,
  type RootOperationNode,
} from 'kysely';
import type { Database } from './schema.js';
import type { StoreDialect } from './store.js';

/*
 * Kysely builds and compiles every query anew: for a point read or a one-row write that is 5-15 µs
 * of builder objects, freezing and string building per call, more than SQLite takes to run it. The
 * hottest statements (the per-token read, update and audit append of a check) are therefore built
 * and compiled once per dialect and shape, then run again with new parameters. The SQL is exactly
 * what the builder produced; only the building is skipped.
 *
 * How parameters are found: the query is built once with a unique placeholder value per slot; each
 * placeholder must come out as exactly one compiled parameter (else it throws: a programming error),
 * and at run time the slots are filled by position. Parameters that are not slots (constants the
 * builder added) stay as compiled.
 */

/** Stands in for a parameter while a prepared query is built: the value is filled in per run. */
export type Slot = (name: string) => never;

interface Prepared {
  sql: string;
  query: RootOperationNode;
  /** Per compiled parameter: the slot it is filled from, or null for a constant kept as compiled. */
  slots: (string | null)[];
  constants: readonly unknown[];
}

const PLACEHOLDER = '\u0000fk-slot:';
const prepared = new Map<string, Prepared>();

/**
 * Starts the SQL of a statement whose rows SQLite should answer as arrays of column values, in
 * select order (better-sqlite3's raw mode; the statement cache sees the marker). Building an array
 * per row costs about half of building an object with a named property per column, which is most of
 * the time of reading an owner's token list. SQLite only: the PostgreSQL driver has no such mode.
 */
export const ARRAY_ROWS_MARKER = '/* fk:array-rows */ ';

/**
 * Runs the query `build` describes, with `values` in its slots, compiling it only the first time
 * `shape` is seen for this dialect. `shape` must name everything the SQL depends on besides the
 * slot values (e.g. which columns an update sets).
 */
export async function runPrepared<R>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  shape: string,
  build: (slot: Slot) => Compilable<R>,
  values: Readonly<Record<string, unknown>>,
): Promise<R[]> {
  return execute<R>(db, `${dialect}:${shape}`, '', build, values);
}

/**
 * `runPrepared` on SQLite, with each row answered as an array of its column values in the order
 * the query selects them (`T` describes that tuple; the caller's select list must match it).
 */
export function runPreparedArrays<T>(
  db: Kysely<Database>,
  shape: string,
  build: (slot: Slot) => Compilable<unknown>,
  values: Readonly<Record<string, unknown>>,
): Promise<T[]> {
  return execute<T>(db, `sqlite:arrays:${shape}`, ARRAY_ROWS_MARKER, build, values);
}

/** SQL and its parameters, ready for a driver. */
export interface CompiledStatement {
  sql: string;
  parameters: unknown[];
}

/**
 * The SQL and parameters `runPrepared` would run, without running them: for statements run
 * elsewhere (SQLite's write thread, `sqlite/write-thread.ts`). Same cache, same shapes.
 */
export function compilePrepared(
  dialect: StoreDialect,
  shape: string,
  build: (slot: Slot) => Compilable<unknown>,
  values: Readonly<Record<string, unknown>>,
): CompiledStatement {
  const entry = preparedEntry(`${dialect}:${shape}`, '', build);
  return { sql: entry.sql, parameters: parametersOf(entry, values) };
}

function preparedEntry(key: string, prefix: string, build: (slot: Slot) => Compilable<unknown>): Prepared {
  let entry = prepared.get(key);
  if (entry === undefined) {
    entry = prepare(build, prefix);
    prepared.set(key, entry);
  }
  return entry;
}

function parametersOf(entry: Prepared, values: Readonly<Record<string, unknown>>): unknown[] {
  return entry.slots.map((slot, i) => (slot === null ? entry.constants[i] : values[slot]));
}

async function execute<R>(
  db: Kysely<Database>,
  key: string,
  prefix: string,
  build: (slot: Slot) => Compilable<unknown>,
  values: Readonly<Record<string, unknown>>,
): Promise<R[]> {
  const entry = preparedEntry(key, prefix, build);
  const compiled: CompiledQuery<R> = {
    sql: entry.sql,
    query: entry.query,
    queryId: createQueryId(),
    parameters: parametersOf(entry, values),
  };
  const result = await db.executeQuery(compiled);
  return result.rows;
}

function prepare(build: (slot: Slot) => Compilable<unknown>, prefix: string): Prepared {
  const named = new Set<string>();
  const compiled = build((name) => {
    named.add(name);
    return `${PLACEHOLDER}${name}` as never;
  }).compile();
  const slots = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(PLACEHOLDER) ? value.slice(PLACEHOLDER.length) : null,
  );
  for (const name of named) {
    if (slots.filter((slot) => slot === name).length !== 1) {
      throw new Error(`prepared query: slot ${name} is not exactly one parameter of ${compiled.sql}`);
    }
  }
  return { sql: prefix + compiled.sql, query: compiled.query, slots, constants: compiled.parameters };
}
