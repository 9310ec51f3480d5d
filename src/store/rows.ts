import type { Selectable } from 'kysely';
import type { SealedSecret } from '../crypto/types.js';
import { ERROR_CODES, type ErrorCode } from '../domain/errors/catalogue.js';
import { type ForgeId, isForgeId } from '../domain/forge.js';
import { TOKEN_KINDS, type TokenKind } from '../domain/token-kind.js';
import { StoreInputError } from './errors.js';
import type { TokensTable } from './schema.js';
import type { TokenRecord } from './types.js';

/** The metadata columns: lists and gets never read the ciphertext. */
export const TOKEN_COLUMNS = [
  'id',
  'owner_id',
  'forge',
  'api_url',
  'label',
  'account_id',
  'account_login',
  'account_name',
  'email',
  'kind',
  'scopes',
  'expires_at',
  'status',
  'status_code',
  'last_checked_at',
  'last_used_at',
  'created_at',
  'updated_at',
  'mask',
  'fingerprint',
  'is_default',
  'key_id',
] as const satisfies readonly (keyof TokensTable)[];

export type TokenRow = Pick<Selectable<TokensTable>, (typeof TOKEN_COLUMNS)[number]>;

/** A metadata row as an array of column values, in `TOKEN_COLUMNS` order (SQLite's raw mode). */
export type TokenTuple = {
  readonly [I in keyof typeof TOKEN_COLUMNS]: (typeof TOKEN_COLUMNS)[I] extends keyof TokenRow
    ? TokenRow[(typeof TOKEN_COLUMNS)[I]]
    : never;
};

export const SEALED_COLUMNS = [
  'key_id',
  'wrapped_key',
  'nonce',
  'ciphertext',
] as const satisfies readonly (keyof TokensTable)[];

export type SealedRow = Pick<Selectable<TokensTable>, (typeof SEALED_COLUMNS)[number]>;

export function tokenFromRow(row: TokenRow): TokenRecord {
  const forge = forgeFromColumn(row.forge);
  return {
    id: row.id,
    ownerId: row.owner_id,
    forge,
    apiUrl: row.api_url,
    label: row.label,
    account:
      row.account_id === null
        ? null
        : { id: row.account_id, login: row.account_login ?? '', name: row.account_name },
    email: row.email,
    kind: kindFromColumn(forge, row.kind),
    scopes: scopesFromColumn(row.scopes),
    expiresAt: row.expires_at,
    status: row.status,
    statusCode: errorCodeFromColumn(row.status_code),
    lastCheckedAt: row.last_checked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    mask: row.mask,
    fingerprint: row.fingerprint,
    // SQLite answers 0/1, PostgreSQL true/false.
    isDefault: Boolean(row.is_default),
    keyId: row.key_id,
  };
}

/** The first `TOKEN_COLUMNS.length` values of a longer array row (one that selects more after them). */
export type TokenTupleHead = { readonly [K in Exclude<keyof TokenTuple, keyof unknown[]>]: TokenTuple[K] };

/** `tokenFromRow` for a row read as an array (indices as in `TOKEN_COLUMNS`; a spec keeps them in step). */
export function tokenFromTuple(row: TokenTupleHead): TokenRecord {
  const forge = forgeFromColumn(row[2]);
  const accountId = row[5];
  return {
    id: row[0],
    ownerId: row[1],
    forge,
    apiUrl: row[3],
    label: row[4],
    account: accountId === null ? null : { id: accountId, login: row[6] ?? '', name: row[7] },
    email: row[8],
    kind: kindFromColumn(forge, row[9]),
    scopes: scopesFromColumn(row[10]),
    expiresAt: row[11],
    status: row[12],
    statusCode: errorCodeFromColumn(row[13]),
    lastCheckedAt: row[14],
    lastUsedAt: row[15],
    createdAt: row[16],
    updatedAt: row[17],
    mask: row[18],
    fingerprint: row[19],
    isDefault: Boolean(row[20]),
    keyId: row[21],
  };
}

export function sealedFromRow(row: SealedRow): SealedSecret {
  return {
    keyId: row.key_id,
    wrappedKey: bytesFromColumn(row.wrapped_key),
    nonce: bytesFromColumn(row.nonce),
    ciphertext: bytesFromColumn(row.ciphertext),
  };
}

export function sealedColumns(sealed: SealedSecret): SealedRow {
  return {
    key_id: sealed.keyId,
    wrapped_key: bytesToColumn(sealed.wrappedKey),
    nonce: bytesToColumn(sealed.nonce),
    ciphertext: bytesToColumn(sealed.ciphertext),
  };
}

/** better-sqlite3 binds only Buffers as BLOBs; a Buffer view shares the caller's memory, no copy. */
export function bytesToColumn(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Both drivers answer Buffers; callers get plain Uint8Arrays, as `SealedSecret` declares. */
export function bytesFromColumn(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

export function scopesToColumn(scopes: readonly string[] | null): string | null {
  return scopes === null ? null : JSON.stringify(scopes);
}

function scopesFromColumn(value: string | null): string[] | null {
  if (value === null) return null;
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string')) {
    throw new Error('tokens.scopes holds something other than a JSON array of strings');
  }
  return parsed;
}

export function forgeFromColumn(value: string): ForgeId {
  if (!isForgeId(value)) throw new Error(`tokens.forge holds an unknown forge: ${value}`);
  return value;
}

export function kindFromColumn(forge: ForgeId, value: string): TokenKind {
  const kinds: readonly TokenKind[] = TOKEN_KINDS[forge];
  const kind = kinds.find((k) => k === value);
  if (kind === undefined) throw new Error(`tokens.kind holds ${value}, not one of ${kinds.join(', ')}`);
  return kind;
}

/** A code dropped from the catalogue since it was stored reads as null rather than failing the row. */
export function errorCodeFromColumn(value: string | null): ErrorCode | null {
  if (value === null) return null;
  return ERROR_CODES.find((code) => code === value) ?? null;
}

/**
 * Timestamps are compared and sorted as text, so every one is written in the one form
 * `toISOString` gives (UTC, milliseconds, `Z`).
 */
export function isoTime(value: string, field: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new StoreInputError(`${field} is not an ISO 8601 time: ${value}`);
  return new Date(time).toISOString();
}

export function isoTimeOrNull(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : isoTime(value, field);
}

/** Page sizes are positive integers up to 1,000. */
export function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new StoreInputError(`limit must be an integer from 1 to 1000, not ${limit}`);
  }
  return limit;
}
