import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledStatement } from '../prepared.js';

/** A statement, and the one to run after it when it changed a row. */
export interface WriteStep {
  statement: CompiledStatement;
  whenChanged?: CompiledStatement;
}

/** What the thread answers per request. */
type Reply =
  | { id: number; ok: true; changed: number }
  | { id: number; ok: false; code: string; message: string };

/*
 * The thread's program: plain CommonJS run with `eval` (no build step, no file to ship), over the
 * same better-sqlite3 the store uses (its path is resolved here and handed over). It opens its own
 * connection to the database file with the store's per-connection settings, and runs each request
 * — a list of steps — as one `BEGIN IMMEDIATE` transaction: all of it commits or none.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma('foreign_keys = ON');
db.pragma('secure_delete = ON');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (statement === undefined) {
    if (statements.size >= 256) statements.clear();
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};
const apply = db.transaction((sqls, steps) => {
  let changed = 0;
  for (const [sql, parameters, nextSql, nextParameters] of steps) {
    if (prepared(sqls[sql]).run(parameters).changes === 0) continue;
    changed++;
    if (nextSql >= 0) prepared(sqls[nextSql]).run(nextParameters);
  }
  return changed;
});
parentPort.on('message', (request) => {
  if (request === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: request.id, ok: true, changed: apply.immediate(request.sqls, request.steps) });
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, code: String(error.code ?? 'SQLITE_ERROR'), message: String(error.message) });
  }
});
`;

/**
 * The steps as sent: each distinct SQL text once (a batch has two or three), the steps as
 * `[sql index, parameters, next sql index or -1, next parameters]` — less to copy between threads.
 */
function compact(steps: readonly WriteStep[]): { sqls: string[]; steps: unknown[][] } {
  const sqls: string[] = [];
  const indexes = new Map<string, number>();
  const indexOf = (sql: string): number => {
    let index = indexes.get(sql);
    if (index === undefined) {
      index = sqls.push(sql) - 1;
      indexes.set(sql, index);
    }
    return index;
  };
  return {
    sqls,
    steps: steps.map((step) => [
      indexOf(step.statement.sql),
      step.statement.parameters,
      step.whenChanged === undefined ? -1 : indexOf(step.whenChanged.sql),
      step.whenChanged?.parameters ?? null,
    ]),
  };
}

/** A driver error as the thread reported it: `translateStoreError` reads its `code` as better-sqlite3's. */
export class WriteThreadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

/** Mapped to store_unavailable, as a connection that cannot be opened is. */
function ended(): WriteThreadError {
  return new WriteThreadError('SQLITE_CANTOPEN', 'The SQLite write thread has ended.');
}

/**
 * A second SQLite connection on a thread of its own, for the writes of many finished checks (Refresh
 * All): better-sqlite3 is synchronous, and committing 50 token updates and audit events held the
 * event loop for about a millisecond and a half per batch — time in which no forge answer was
 * handled. Here the transaction runs beside the loop. SQLite serialises it with every other writer
 * (this process's main connection or another process) through its locks, as it does any connection;
 * a commit is visible to the main connection's next read. Started on first use; `close` ends it.
 */
export class SqliteWriteThread {
  readonly #file: string;
  readonly #busyTimeoutMs: number;
  #worker: Worker | null = null;
  #closed = false;
  #nextId = 0;
  readonly #pending = new Map<
    number,
    { resolve: (changed: number) => void; reject: (error: Error) => void }
  >();

  constructor(file: string, busyTimeoutMs: number) {
    this.#file = file;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  /** Runs the steps in one transaction; resolves with how many of them changed a row. */
  apply(steps: readonly WriteStep[]): Promise<number> {
    if (this.#closed) return Promise.reject(ended());
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // Held open only while a request is in flight: an idle thread never keeps a CLI process alive.
      worker.ref();
      worker.postMessage({ id, ...compact(steps) });
    });
  }

  /** Ends the thread once the requests sent so far are done; later ones fail. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    if (worker === null) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held until it has exited: an unreferenced thread would let the process end first, with the
    // close still pending.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  #start(): Worker {
    if (this.#worker !== null) return this.#worker;
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(PROGRAM, {
      eval: true,
      workerData: { file: this.#file, sqlite, busyTimeoutMs: this.#busyTimeoutMs },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => this.#settle(reply));
    const fail = (error: Error) => {
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      if (this.#worker === worker) this.#worker = null;
    };
    worker.on('error', fail);
    // Mapped to store_unavailable, as a connection that cannot be opened is.
    worker.on('exit', () =>
      fail(new WriteThreadError('SQLITE_CANTOPEN', 'The SQLite write thread has ended.')),
    );
    this.#worker = worker;
    return worker;
  }

  #settle(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if (reply.ok) pending.resolve(reply.changed);
    else pending.reject(new WriteThreadError(reply.code, reply.message));
  }
}
