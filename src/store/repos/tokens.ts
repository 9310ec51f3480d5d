import type { Insertable, Kysely, Updateable } from 'kysely';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { TOKEN_KINDS } from '../../domain/token-kind.js';
import { atomic, run, type StoreContext } from '../context.js';
import { StoreInputError } from '../errors.js';
import {
  type CompiledStatement,
  compilePrepared,
  runPrepared,
  runPreparedArrays,
  type Slot,
} from '../prepared.js';
import {
  isoTime,
  isoTimeOrNull,
  SEALED_COLUMNS,
  scopesToColumn,
  sealedColumns,
  sealedFromRow,
  TOKEN_COLUMNS,
  type TokenTuple,
  tokenFromRow,
  tokenFromTuple,
} from '../rows.js';
import type { Database, TokensTable } from '../schema.js';
import type { TokenStore } from '../store.js';
import type { NewToken, TokenPatch } from '../types.js';
import { tokenBatches } from './token-batches.js';
import { filterTokens, readTokenList, TokenListCache } from './token-list.js';

/** Metadata and sealed parts of one row (`key_id` is in both lists; selected once). */
const TOKEN_WITH_SEALED_COLUMNS = [...TOKEN_COLUMNS, 'wrapped_key', 'nonce', 'ciphertext'] as const;

const tokenNotFound = () => fkError('not_found', { message: 'No such token.' });
const ownerNotFound = () => fkError('not_found', { message: 'No such owner.' });

export function tokenStore(ctx: StoreContext): TokenStore {
  const listCache = ctx.inTransaction ? null : new TokenListCache();
  return {
    insert(token) {
      const write = async (db: Kysely<Database>) => {
        const row = await db
          .insertInto('tokens')
          .values(insertValues(ctx, token))
          .returning(TOKEN_COLUMNS)
          .executeTakeFirstOrThrow();
        return ok(tokenFromRow(row));
      };
      if (!token.isDefault) return run(ctx, write);
      return atomic(ctx, async (db) => {
        if (!(await ctx.dialect.lockOwner(db, token.ownerId))) return err(ownerNotFound());
        await clearDefault(ctx, db, token.ownerId, token.forge, token.apiUrl);
        return write(db);
      });
    },

    upsertByFingerprint(token) {
      return atomic(ctx, async (db) => {
        const values = insertValues(ctx, token);
        // The owner lock (PostgreSQL; SQLite's write lock does the same) makes the existence check
        // below exact, so `created` is true for exactly one of many concurrent calls. The ON
        // CONFLICT clause keeps the write atomic on its own.
        if (!(await ctx.dialect.lockOwner(db, token.ownerId))) return err(ownerNotFound());
        const existing = await db
          .selectFrom('tokens')
          .select('id')
          .where('owner_id', '=', token.ownerId)
          .where('fingerprint', '=', token.fingerprint)
          .executeTakeFirst();
        if (token.isDefault) await clearDefault(ctx, db, token.ownerId, token.forge, token.apiUrl);
        const row = await db
          .insertInto('tokens')
          .values(values)
          .onConflict((oc) =>
            oc.columns(['owner_id', 'fingerprint']).doUpdateSet((eb) => ({
              // id, created_at and the sealed secret stay: the secret is bound to the existing id.
              api_url: eb.ref('excluded.api_url'),
              label: eb.fn.coalesce('excluded.label', 'tokens.label'),
              account_id: eb.ref('excluded.account_id'),
              account_login: eb.ref('excluded.account_login'),
              account_name: eb.ref('excluded.account_name'),
              email: eb.fn.coalesce('excluded.email', 'tokens.email'),
              kind: eb.ref('excluded.kind'),
              scopes: eb.ref('excluded.scopes'),
              expires_at: eb.ref('excluded.expires_at'),
              status: eb.ref('excluded.status'),
              status_code: eb.ref('excluded.status_code'),
              last_checked_at: eb.fn.coalesce('excluded.last_checked_at', 'tokens.last_checked_at'),
              last_used_at: eb.fn.coalesce('excluded.last_used_at', 'tokens.last_used_at'),
              updated_at: eb.ref('excluded.updated_at'),
              mask: eb.ref('excluded.mask'),
              is_default: token.isDefault ? ctx.dialect.bool(true) : eb.ref('tokens.is_default'),
            })),
          )
          .returning(TOKEN_COLUMNS)
          .executeTakeFirstOrThrow();
        return ok({ record: tokenFromRow(row), created: existing === undefined });
      });
    },

    get(ownerId, id) {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('tokens')
          .select(TOKEN_COLUMNS)
          .where('owner_id', '=', ownerId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? err(tokenNotFound()) : ok(tokenFromRow(row));
      });
    },

    getSealed(ownerId, id) {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('tokens')
          .select(SEALED_COLUMNS)
          .where('owner_id', '=', ownerId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? err(tokenNotFound()) : ok(sealedFromRow(row));
      });
    },

    getWithSealed(ownerId, id) {
      // Prepared (compiled once): the read of every check of a Refresh All.
      return run(ctx, async (db) => {
        const [row] = await runPrepared(
          db,
          ctx.dialect.name,
          'tokens.getWithSealed',
          (slot) =>
            db
              .selectFrom('tokens')
              .select(TOKEN_WITH_SEALED_COLUMNS)
              .where('owner_id', '=', slot('ownerId'))
              .where('id', '=', slot('id')),
          { ownerId, id },
        );
        return row === undefined
          ? err(tokenNotFound())
          : ok({ record: tokenFromRow(row), sealed: sealedFromRow(row) });
      });
    },

    list(ownerId, filter = {}) {
      // Every list reads the owner's whole list (owners hold tens of tokens, not thousands) and
      // filters it here, so all of them share the cache.
      return run(ctx, async (db) => {
        if (filter.statuses !== undefined && filter.statuses.length === 0) return ok([]);
        const all =
          listCache === null ? await readTokenList(ctx, db, ownerId) : await listCache.read(ctx, db, ownerId);
        return ok(filterTokens(all, filter));
      });
    },

    update(ownerId, id, patch) {
      // Prepared per set of changed columns (a check writes one of two or three shapes); on SQLite
      // the returned row comes as an array (raw mode), cheaper to read than an object.
      return run(ctx, async (db) => {
        const values = patchValues(ctx, patch);
        const columns = Object.keys(values);
        const shape = `tokens.update:${columns.join(',')}`;
        const build = (slot: Slot) => updateQuery(db, columns, slot).returning(TOKEN_COLUMNS);
        const parameters = { ...values, $ownerId: ownerId, $id: id };
        if (ctx.dialect.name === 'sqlite') {
          const [row] = await runPreparedArrays<TokenTuple>(db, shape, build, parameters);
          return row === undefined ? err(tokenNotFound()) : ok(tokenFromTuple(row));
        }
        const [row] = await runPrepared(db, ctx.dialect.name, shape, build, parameters);
        return row === undefined ? err(tokenNotFound()) : ok(tokenFromRow(row));
      });
    },

    delete(ownerId, id) {
      return run(ctx, async (db) => {
        const row = await db
          .deleteFrom('tokens')
          .where('owner_id', '=', ownerId)
          .where('id', '=', id)
          .returning(TOKEN_COLUMNS)
          .executeTakeFirst();
        return row === undefined ? err(tokenNotFound()) : ok(tokenFromRow(row));
      });
    },

    setDefault(ownerId, id) {
      return atomic(ctx, async (db) => {
        // Look before writing: a not_found must not leave the owner without its old default.
        if (!(await ctx.dialect.lockOwner(db, ownerId))) return err(tokenNotFound());
        const target = await db
          .selectFrom('tokens')
          .select(['forge', 'api_url'])
          .where('owner_id', '=', ownerId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (target === undefined) return err(tokenNotFound());
        await clearDefault(ctx, db, ownerId, target.forge, target.api_url);
        const row = await db
          .updateTable('tokens')
          .set({ is_default: ctx.dialect.bool(true), updated_at: ctx.now() })
          .where('id', '=', id)
          .returning(TOKEN_COLUMNS)
          .executeTakeFirstOrThrow();
        return ok(tokenFromRow(row));
      });
    },

    ...tokenBatches(ctx),
  };
}

async function clearDefault(
  ctx: StoreContext,
  db: Kysely<Database>,
  ownerId: string,
  forge: string,
  apiUrl: string,
): Promise<void> {
  await db
    .updateTable('tokens')
    .set({ is_default: ctx.dialect.bool(false), updated_at: ctx.now() })
    .where('owner_id', '=', ownerId)
    .where('forge', '=', forge)
    .where('api_url', '=', apiUrl)
    .where('is_default', '=', ctx.dialect.bool(true))
    .execute();
}

function insertValues(ctx: StoreContext, token: NewToken): Insertable<TokensTable> {
  // A kind of another forge would make the row unreadable later; refuse it now.
  const kinds: readonly string[] = TOKEN_KINDS[token.forge] ?? [];
  if (!kinds.includes(token.kind)) {
    throw new StoreInputError(`${token.kind} is not a kind of ${token.forge} token.`);
  }
  const createdAt = token.createdAt === undefined ? ctx.now() : isoTime(token.createdAt, 'createdAt');
  return {
    id: token.id,
    owner_id: token.ownerId,
    forge: token.forge,
    api_url: token.apiUrl,
    label: token.label ?? null,
    account_id: token.account?.id ?? null,
    account_login: token.account?.login ?? null,
    account_name: token.account?.name ?? null,
    email: token.email ?? null,
    kind: token.kind,
    scopes: scopesToColumn(token.scopes),
    expires_at: isoTimeOrNull(token.expiresAt, 'expiresAt'),
    status: token.status,
    status_code: token.statusCode ?? null,
    last_checked_at: isoTimeOrNull(token.lastCheckedAt, 'lastCheckedAt'),
    last_used_at: isoTimeOrNull(token.lastUsedAt, 'lastUsedAt'),
    created_at: createdAt,
    updated_at: createdAt,
    mask: token.mask,
    fingerprint: token.fingerprint,
    is_default: ctx.dialect.bool(token.isDefault ?? false),
    ...sealedColumns(token.sealed),
  };
}

function updateQuery(db: Kysely<Database>, columns: readonly string[], slot: Slot) {
  return db
    .updateTable('tokens')
    .set(Object.fromEntries(columns.map((column) => [column, slot(column)])))
    .where('owner_id', '=', slot('$ownerId'))
    .where('id', '=', slot('$id'));
}

/**
 * The UPDATE of `update` without its RETURNING (a recorded check needs only whether a row changed),
 * compiled for a connection of its own (`recordChecks` on SQLite).
 */
export function tokenUpdateStatement(
  ctx: StoreContext,
  ownerId: string,
  id: string,
  patch: TokenPatch,
): CompiledStatement {
  const values = patchValues(ctx, patch);
  const columns = Object.keys(values);
  return compilePrepared(
    ctx.dialect.name,
    `tokens.updateOnly:${columns.join(',')}`,
    (slot) => updateQuery(ctx.db, columns, slot),
    { ...values, $ownerId: ownerId, $id: id },
  );
}

function patchValues(ctx: StoreContext, patch: TokenPatch): Updateable<TokensTable> {
  const values: Updateable<TokensTable> = { updated_at: ctx.now() };
  if (patch.label !== undefined) values.label = patch.label;
  if (patch.account !== undefined) {
    values.account_id = patch.account?.id ?? null;
    values.account_login = patch.account?.login ?? null;
    values.account_name = patch.account?.name ?? null;
  }
  if (patch.email !== undefined) values.email = patch.email;
  if (patch.kind !== undefined) values.kind = patch.kind;
  if (patch.scopes !== undefined) values.scopes = scopesToColumn(patch.scopes);
  if (patch.expiresAt !== undefined) values.expires_at = isoTimeOrNull(patch.expiresAt, 'expiresAt');
  if (patch.status !== undefined) values.status = patch.status;
  if (patch.statusCode !== undefined) values.status_code = patch.statusCode;
  if (patch.lastCheckedAt !== undefined) {
    values.last_checked_at = isoTimeOrNull(patch.lastCheckedAt, 'lastCheckedAt');
  }
  if (patch.lastUsedAt !== undefined) values.last_used_at = isoTimeOrNull(patch.lastUsedAt, 'lastUsedAt');
  if (patch.mask !== undefined) values.mask = patch.mask;
  if (patch.fingerprint !== undefined) values.fingerprint = patch.fingerprint;
  if (patch.sealed !== undefined) Object.assign(values, sealedColumns(patch.sealed));
  return values;
}
