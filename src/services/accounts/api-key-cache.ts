import type { Principal } from './principal.js';

/** One API key this process has verified: who it is, until when the entry may be trusted. */
export interface CachedApiKey {
  readonly principal: Principal;
  readonly keyId: string;
  readonly userId: string;
  /** The key's own expiry (epoch ms), checked on every use; null: none. */
  readonly expiresAtMs: number | null;
  /** After this (epoch ms) the database is asked again. */
  readonly validUntilMs: number;
  /** When this process last wrote the key's last-used time (epoch ms). */
  touchedAtMs: number;
}

/**
 * Verified API keys, by the SHA-256 of the whole key (never the key itself), so a busy CI job does
 * not cost a key read, a user read and a last-used write per request. Exact for this process:
 * revoking a key or disabling its user here forgets the entries at once. A change made by another
 * process (another server on the same PostgreSQL) is seen when the entry ends, within `ttlMs`
 * (docs/server.md, "API key cache"). `ttlMs` 0 turns the cache off.
 */
export interface ApiKeyCache {
  get(digest: string, nowMs: number): CachedApiKey | null;
  /** Counts the forgets: read it before reading the key, and pass it to `put`. */
  generation(): number;
  /**
   * Keeps `entry` — unless something was forgotten since `generation` was read: a revocation that
   * committed while the key was being read must not be overwritten by the older answer.
   */
  put(digest: string, entry: Omit<CachedApiKey, 'validUntilMs'>, nowMs: number, generation: number): void;
  forgetKey(keyId: string): void;
  forgetUser(userId: string): void;
}

export function createApiKeyCache(ttlMs: number, capacity = 1024): ApiKeyCache {
  const entries = new Map<string, CachedApiKey>();
  let forgets = 0;
  const forgetWhere = (match: (entry: CachedApiKey) => boolean) => {
    forgets += 1;
    for (const [digest, entry] of entries) if (match(entry)) entries.delete(digest);
  };
  return {
    get(digest, nowMs) {
      const entry = entries.get(digest);
      if (entry === undefined) return null;
      if (entry.validUntilMs <= nowMs || (entry.expiresAtMs !== null && entry.expiresAtMs <= nowMs)) {
        entries.delete(digest);
        return null;
      }
      return entry;
    },
    generation: () => forgets,
    put(digest, entry, nowMs, generation) {
      if (ttlMs <= 0 || generation !== forgets) return;
      if (entries.size >= capacity && !entries.has(digest)) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(digest, { ...entry, validUntilMs: nowMs + ttlMs });
    },
    forgetKey: (keyId) => forgetWhere((entry) => entry.keyId === keyId),
    forgetUser: (userId) => forgetWhere((entry) => entry.userId === userId),
  };
}
