import type { Selectable } from 'kysely';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { atomic, run, type StoreContext } from '../context.js';
import { isoTime } from '../rows.js';
import type { GitRulesTable } from '../schema.js';
import type { GitRuleStore } from '../store.js';
import type { GitRule } from '../types.js';

const ruleNotFound = () => fkError('not_found', { message: 'No such git rule.' });

/** Git rules of each owner: pattern → token (src/git/credential/select-token.ts reads them). */
export function gitRuleStore(ctx: StoreContext): GitRuleStore {
  return {
    insert(rule) {
      return atomic(ctx, async (db) => {
        // The foreign key proves the token exists; that it is this owner's is checked here.
        const token = await db
          .selectFrom('tokens')
          .select('id')
          .where('owner_id', '=', rule.ownerId)
          .where('id', '=', rule.tokenId)
          .executeTakeFirst();
        if (token === undefined) return err(fkError('not_found', { message: 'No such token.' }));
        const row: Selectable<GitRulesTable> = {
          id: rule.id,
          owner_id: rule.ownerId,
          pattern: rule.pattern,
          token_id: rule.tokenId,
          created_at: rule.createdAt === undefined ? ctx.now() : isoTime(rule.createdAt, 'createdAt'),
        };
        await db.insertInto('git_rules').values(row).execute();
        return ok(ruleFromRow(row));
      });
    },

    list(ownerId) {
      return run(ctx, async (db) => {
        const rows = await db
          .selectFrom('git_rules')
          .selectAll()
          .where('owner_id', '=', ownerId)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        return ok(rows.map(ruleFromRow));
      });
    },

    delete(ownerId, id) {
      return atomic(ctx, async (db) => {
        const row = await db
          .selectFrom('git_rules')
          .selectAll()
          .where('owner_id', '=', ownerId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (row === undefined) return err(ruleNotFound());
        await db.deleteFrom('git_rules').where('owner_id', '=', ownerId).where('id', '=', id).execute();
        return ok(ruleFromRow(row));
      });
    },
  };
}

function ruleFromRow(row: Selectable<GitRulesTable>): GitRule {
  return {
    id: row.id,
    ownerId: row.owner_id,
    pattern: row.pattern,
    tokenId: row.token_id,
    createdAt: row.created_at,
  };
}
