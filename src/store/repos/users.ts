import type { Kysely, Selectable } from 'kysely';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import type { UsersTable } from '../account-schema.js';
import type { UserStore } from '../account-store.js';
import type { UserRecord, UserRole } from '../account-types.js';
import { atomic, run, type StoreContext } from '../context.js';
import { isoTime } from '../rows.js';
import type { Database } from '../schema.js';

const userNotFound = () => fkError('not_found', { message: 'No such user.' });

/** Every column but the password hash, which only `credentials` and `passwordHash` read. */
const USER_COLUMNS = [
  'owner_id',
  'username',
  'display_name',
  'role',
  'disabled',
  'created_at',
  'password_changed_at',
] as const satisfies readonly (keyof UsersTable)[];

type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]> & { has_password: unknown };

/**
 * Usernames are compared without case. Lower-casing here (not in SQL) gives both dialects the
 * same rule; the service allows ASCII usernames only, where lower-casing is unambiguous.
 */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

export function userStore(ctx: StoreContext): UserStore {
  return {
    insert(user) {
      return atomic(ctx, async (db) => {
        const createdAt = isoTime(user.createdAt, 'createdAt');
        await db
          .insertInto('owners')
          .values({ id: user.id, name: user.username, kind: 'user', created_at: createdAt })
          .execute();
        await db
          .insertInto('users')
          .values({
            owner_id: user.id,
            username: user.username,
            username_key: usernameKey(user.username),
            display_name: user.displayName,
            password_hash: user.passwordHash,
            role: user.role,
            disabled: ctx.dialect.bool(false),
            created_at: createdAt,
            password_changed_at: user.passwordHash === null ? null : createdAt,
          })
          .execute();
        const row = await selectUsers(db).where('owner_id', '=', user.id).executeTakeFirstOrThrow();
        return ok(userFromRow(row));
      });
    },

    get(id) {
      return run(ctx, async (db) => {
        const row = await selectUsers(db).where('owner_id', '=', id).executeTakeFirst();
        return row === undefined ? err(userNotFound()) : ok(userFromRow(row));
      });
    },

    credentials(username) {
      return run(ctx, async (db) => {
        const row = await selectUsers(db)
          .select('password_hash')
          .where('username_key', '=', usernameKey(username))
          .executeTakeFirst();
        return ok(row === undefined ? null : { user: userFromRow(row), passwordHash: row.password_hash });
      });
    },

    passwordHash(id) {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('users')
          .select('password_hash')
          .where('owner_id', '=', id)
          .executeTakeFirst();
        return row === undefined ? err(userNotFound()) : ok(row.password_hash);
      });
    },

    list() {
      return run(ctx, async (db) => {
        const rows = await selectUsers(db).orderBy('created_at').orderBy('owner_id').execute();
        return ok(rows.map(userFromRow));
      });
    },

    setPassword(id, passwordHash, at) {
      return update(ctx, id, { password_hash: passwordHash, password_changed_at: isoTime(at, 'at') });
    },

    setDisabled(id, disabled) {
      return update(ctx, id, { disabled: ctx.dialect.bool(disabled) });
    },

    countActiveAdmins() {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
          .where('role', '=', 'admin')
          .where('disabled', '=', ctx.dialect.bool(false))
          .executeTakeFirstOrThrow();
        // PostgreSQL answers count(*) as a bigint string.
        return ok(Number(row.n));
      });
    },
  };
}

function selectUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select((eb) => eb('password_hash', 'is not', null).as('has_password'));
}

function update(
  ctx: StoreContext,
  id: string,
  values: Partial<Pick<UsersTable, 'password_hash' | 'password_changed_at' | 'disabled'>>,
) {
  return run(ctx, async (db) => {
    const row = await db
      .updateTable('users')
      .set(values)
      .where('owner_id', '=', id)
      .returning(USER_COLUMNS)
      .returning((eb) => eb('password_hash', 'is not', null).as('has_password'))
      .executeTakeFirst();
    return row === undefined ? err(userNotFound()) : ok(userFromRow(row));
  });
}

const ROLES: readonly UserRole[] = ['admin', 'user'];

function userFromRow(row: UserRow): UserRecord {
  const role = ROLES.find((r) => r === row.role);
  if (role === undefined) throw new Error(`users.role holds ${row.role}`);
  return {
    id: row.owner_id,
    username: row.username,
    displayName: row.display_name,
    role,
    // SQLite answers 0/1, PostgreSQL true/false.
    disabled: Boolean(row.disabled),
    hasPassword: Boolean(row.has_password),
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
  };
}
