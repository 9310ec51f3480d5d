import type { Selectable } from 'kysely';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import type { ApiKeysTable } from '../account-schema.js';
import type { ApiKeyStore } from '../account-store.js';
import type { ApiKeyRecord } from '../account-types.js';
import { run, type StoreContext } from '../context.js';
import { isoTime, isoTimeOrNull } from '../rows.js';

const keyNotFound = () => fkError('not_found', { message: 'No such API key.' });

/** API keys: metadata and the hash of the key text, never the key. */
export function apiKeyStore(ctx: StoreContext): ApiKeyStore {
  return {
    insert(key) {
      return run(ctx, async (db) => {
        const row: Selectable<ApiKeysTable> = {
          id: key.id,
          public_id: key.publicId,
          user_id: key.userId,
          name: key.name,
          scopes: JSON.stringify(key.scopes),
          key_hash: key.keyHash,
          created_at: isoTime(key.createdAt, 'createdAt'),
          expires_at: isoTimeOrNull(key.expiresAt, 'expiresAt'),
          last_used_at: null,
          revoked_at: null,
        };
        await db.insertInto('api_keys').values(row).execute();
        return ok(apiKeyFromRow(row));
      });
    },

    findByPublicId(publicId) {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('api_keys')
          .selectAll()
          .where('public_id', '=', publicId)
          .executeTakeFirst();
        return ok(row === undefined ? null : apiKeyFromRow(row));
      });
    },

    get(id) {
      return run(ctx, async (db) => {
        const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
        return row === undefined ? err(keyNotFound()) : ok(apiKeyFromRow(row));
      });
    },

    listForUser(userId) {
      return run(ctx, async (db) => {
        const rows = await db
          .selectFrom('api_keys')
          .selectAll()
          .where('user_id', '=', userId)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        return ok(rows.map(apiKeyFromRow));
      });
    },

    revoke(id, at) {
      return run(ctx, async (db) => {
        const row = await db
          .updateTable('api_keys')
          // The first revocation's time stays.
          .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(isoTime(at, 'at'))) }))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row === undefined ? err(keyNotFound()) : ok(apiKeyFromRow(row));
      });
    },

    touch(id, at, ifBefore) {
      return run(ctx, async (db) => {
        const result = await db
          .updateTable('api_keys')
          .set({ last_used_at: isoTime(at, 'at') })
          .where('id', '=', id)
          .where((eb) =>
            eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', isoTime(ifBefore, 'ifBefore'))]),
          )
          .executeTakeFirst();
        return ok(result.numUpdatedRows > 0n);
      });
    },
  };
}

function apiKeyFromRow(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    userId: row.user_id,
    name: row.name,
    scopes: scopesFromColumn(row.scopes),
    keyHash: row.key_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function scopesFromColumn(value: string): string[] {
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string')) {
    throw new Error('api_keys.scopes holds something other than a JSON array of strings');
  }
  return parsed;
}
