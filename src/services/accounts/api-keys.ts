import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { Secret } from '../../domain/secret.js';
import { newApiKey, parseApiKey } from './api-key-format.js';
import { type AccountsContext, audit, isoAt } from './context.js';
import {
  auditActor,
  isScope,
  type Principal,
  requireScope,
  requireSession,
  type Scope,
  scopesForRole,
} from './principal.js';
import { digestsEqual, sha256Hex } from './secrets.js';
import { unauthenticated } from './sessions.js';
import type { AccountsResult, ApiKeyView, CreateApiKeyInput, CreatedApiKey } from './types.js';
import { toApiKeyView } from './views.js';

/**
 * A key for the actor's own user, shown once. Only a signed-in person creates keys: a key that
 * could mint keys would outlive its own expiry and revocation. A key's scopes stay within what
 * the user's role allows.
 */
export async function createApiKey(
  ctx: AccountsContext,
  actor: Principal,
  input: CreateApiKeyInput,
): AccountsResult<CreatedApiKey> {
  const session = requireSession(actor, 'Creating an API key');
  if (!session.ok) return session;
  const name = checkName(input.name);
  if (!name.ok) return name;
  const scopes = checkScopes(actor, input.scopes);
  if (!scopes.ok) return scopes;
  const expiresAt = checkExpiry(ctx, input.expiresAt ?? null);
  if (!expiresAt.ok) return expiresAt;

  const key = newApiKey();
  const created = await ctx.store.transaction(async (tx) => {
    const record = await tx.apiKeys.insert({
      id: tx.newId(),
      publicId: key.publicId,
      userId: actor.userId,
      name: name.value,
      scopes: scopes.value,
      keyHash: sha256Hex(key.text),
      createdAt: isoAt(ctx),
      expiresAt: expiresAt.value,
    });
    if (!record.ok) {
      if (record.error.code !== 'conflict') return record;
      return err(fkError('conflict', { message: `You already have an API key named ${name.value}.` }));
    }
    const audited = await audit(ctx, tx, {
      ownerId: actor.ownerId,
      actor: auditActor(actor),
      action: 'api_key_create',
      target: `${record.value.id} ${name.value}`,
    });
    return audited.ok ? record : audited;
  });
  if (!created.ok) return created;
  return ok({ key: new Secret(key.text), apiKey: toApiKeyView(created.value, ctx.now()) });
}

export async function listApiKeys(
  ctx: AccountsContext,
  actor: Principal,
  userId: string = actor.userId,
): AccountsResult<ApiKeyView[]> {
  if (userId !== actor.userId) {
    const allowed = requireScope(actor, 'admin');
    if (!allowed.ok) return allowed;
  }
  const keys = await ctx.store.apiKeys.listForUser(userId);
  if (!keys.ok) return keys;
  const now = ctx.now();
  return ok(keys.value.map((key) => toApiKeyView(key, now)));
}

/** Revokes the actor's own key, or — for an administrator — anyone's. Another user's key reads as not found. */
export async function revokeApiKey(
  ctx: AccountsContext,
  actor: Principal,
  apiKeyId: string,
): AccountsResult<ApiKeyView> {
  const found = await ctx.store.apiKeys.get(apiKeyId);
  if (!found.ok) return found;
  if (found.value.userId !== actor.userId && !actor.scopes.has('admin')) {
    return err(fkError('not_found', { message: 'No such API key.' }));
  }
  const revoked = await ctx.store.transaction(async (tx) => {
    const key = await tx.apiKeys.revoke(apiKeyId, isoAt(ctx));
    if (!key.ok) return key;
    const audited = await audit(ctx, tx, {
      ownerId: key.value.userId,
      actor: auditActor(actor),
      action: 'api_key_revoke',
      target: `${key.value.id} ${key.value.name}`,
    });
    return audited.ok ? key : audited;
  });
  // This process stops accepting the key at once (others within `apiKeyCacheMs`).
  ctx.apiKeyCache.forgetKey(apiKeyId);
  return revoked.ok ? ok(toApiKeyView(revoked.value, ctx.now())) : revoked;
}

/**
 * The principal of `Authorization: Bearer fk_…`. The record is found by the key's public id and
 * the digest of the whole key compared in constant time. Expiry and revocation are told only
 * after the key proved genuine, so guessing ids reveals nothing. A verified key is kept for
 * `apiKeyCacheMs` by its digest (api-key-cache.ts); its expiry is still checked on every use.
 * Last-used is written at most once per `touchIntervalMs`.
 */
export async function authenticateApiKey(ctx: AccountsContext, bearer: string): AccountsResult<Principal> {
  const text = typeof bearer === 'string' ? bearer.replace(/^Bearer\s+/i, '').trim() : '';
  const parsed = parseApiKey(text);
  if (parsed === null) return err(unauthenticated());
  const digest = sha256Hex(parsed.text);
  const now = ctx.now();
  const nowMs = now.getTime();
  const cached = ctx.apiKeyCache.get(digest, nowMs);
  if (cached !== null) {
    if (nowMs - cached.touchedAtMs >= ctx.policy.touchIntervalMs) {
      cached.touchedAtMs = nowMs;
      await touch(ctx, cached.keyId, now);
    }
    return ok(cached.principal);
  }

  const generation = ctx.apiKeyCache.generation();
  const found = await ctx.store.apiKeys.findByPublicId(parsed.publicId);
  if (!found.ok) return found;
  const key = found.value;
  if (key === null || !digestsEqual(digest, key.keyHash)) return err(unauthenticated());
  if (key.revokedAt !== null) return err(fkError('api_key_revoked', { details: { apiKeyId: key.id } }));
  const expiresAtMs = key.expiresAt === null ? null : Date.parse(key.expiresAt);
  if (expiresAtMs !== null && expiresAtMs <= nowMs) {
    return err(fkError('api_key_expired', { details: { apiKeyId: key.id, expiredAt: key.expiresAt } }));
  }
  const user = await ctx.store.users.get(key.userId);
  if (!user.ok) return user.error.code === 'not_found' ? err(unauthenticated()) : user;
  if (user.value.disabled) return err(unauthenticated('The user this API key belongs to is disabled.'));

  await touch(ctx, key.id, now);
  // A key keeps only the scopes its user's role still allows (an administrator may have become a user).
  const allowed = scopesForRole(user.value.role);
  const principal: Principal = {
    userId: user.value.id,
    ownerId: user.value.id,
    username: user.value.username,
    role: user.value.role,
    via: 'api_key',
    apiKeyId: key.id,
    scopes: new Set(key.scopes.filter(isScope).filter((scope) => allowed.has(scope))),
  };
  ctx.apiKeyCache.put(
    digest,
    { principal, keyId: key.id, userId: user.value.id, expiresAtMs, touchedAtMs: nowMs },
    nowMs,
    generation,
  );
  return ok(principal);
}

/** Best effort: a failed write of last-used must not refuse a genuine key. */
async function touch(ctx: AccountsContext, keyId: string, now: Date): Promise<void> {
  await ctx.store.apiKeys.touch(keyId, now.toISOString(), isoAt(ctx, -ctx.policy.touchIntervalMs));
}

function checkName(name: string): Result<string, FkError> {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (trimmed.length >= 1 && trimmed.length <= 100 && !/[\u0000-\u001f\u007f]/.test(trimmed))
    return ok(trimmed);
  return err(
    fkError('invalid_input', {
      message: 'An API key needs a name of 1 to 100 characters (what uses it, e.g. "jenkins-deploy").',
      details: { field: 'name' },
    }),
  );
}

function checkScopes(actor: Principal, scopes: readonly Scope[]): Result<Scope[], FkError> {
  const unique = [...new Set(Array.isArray(scopes) ? scopes : [])];
  if (unique.length === 0 || !unique.every(isScope)) {
    return err(
      fkError('invalid_input', {
        message: 'Give an API key one or more of the scopes tokens:read, tokens:use and admin.',
        details: { field: 'scopes' },
      }),
    );
  }
  const allowed = scopesForRole(actor.role);
  const beyond = unique.find((scope) => !allowed.has(scope));
  if (beyond !== undefined) {
    return err(
      fkError('forbidden', {
        message: `Only administrators can create API keys with the scope ${beyond}.`,
        details: { scope: beyond },
      }),
    );
  }
  return ok(unique);
}

function checkExpiry(ctx: AccountsContext, expiresAt: string | null): Result<string | null, FkError> {
  if (expiresAt === null) return ok(null);
  const time = Date.parse(expiresAt);
  if (!Number.isNaN(time) && time > ctx.now().getTime()) return ok(new Date(time).toISOString());
  return err(
    fkError('invalid_input', {
      message: 'The expiry must be an ISO 8601 time in the future.',
      details: { field: 'expiresAt' },
    }),
  );
}
