import type { Generated } from 'kysely';
import type { AccountTables } from './account-schema.js';

/**
 * The tables as Kysely sees them. Column names are snake_case; timestamps are ISO 8601 UTC text
 * in both dialects (they sort as text and need no driver-specific date parsing). Booleans are
 * integers 0/1 in SQLite and `boolean` in PostgreSQL, hence `DbBool`.
 */
export type DbBool = number | boolean;

export interface OwnersTable {
  id: string;
  name: string;
  kind: string;
  created_at: string;
  /**
   * Bumped by a trigger on every write of one of the owner's tokens (migration 0004). SQLite answers
   * a number; PostgreSQL's bigint arrives as a string: compare it as text.
   */
  tokens_version: Generated<number | string>;
}

export interface TokensTable {
  id: string;
  owner_id: string;
  forge: string;
  api_url: string;
  label: string | null;
  account_id: string | null;
  account_login: string | null;
  account_name: string | null;
  email: string | null;
  kind: string;
  /** JSON array text, or null when the forge does not say. */
  scopes: string | null;
  expires_at: string | null;
  status: string;
  status_code: string | null;
  last_checked_at: string | null;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
  mask: string;
  fingerprint: string;
  is_default: DbBool;
  key_id: string;
  wrapped_key: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  owner_id: string;
  actor: string;
  token_id: string | null;
  forge: string | null;
  action: string;
  target: string | null;
  outcome: string;
  error_code: string | null;
}

export interface MasterKeysTable {
  id: string;
  check_value: Uint8Array;
  fingerprint_key: Uint8Array;
  state: string;
  created_at: string;
  retired_at: string | null;
}

export interface KeyRotationTable {
  from_key_id: string;
  to_key_id: string;
  started_at: string;
  done: number;
  total: number;
  cursor: string | null;
  finished_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface GitRulesTable {
  id: string;
  owner_id: string;
  pattern: string;
  token_id: string;
  created_at: string;
}

/** The tables of every migration; the accounts tables live in account-schema.ts. */
export interface Database extends AccountTables {
  owners: OwnersTable;
  tokens: TokensTable;
  audit_events: AuditEventsTable;
  master_keys: MasterKeysTable;
  key_rotation: KeyRotationTable;
  settings: SettingsTable;
  git_rules: GitRulesTable;
}
