import type { ApiKeyRecord, UserRecord } from '../../store/index.js';
import { maskApiKey } from './api-key-format.js';
import { isScope } from './principal.js';
import type { ApiKeyView, UserView } from './types.js';

export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    ownerId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    status: user.disabled ? 'disabled' : user.hasPassword ? 'active' : 'invited',
    createdAt: user.createdAt,
    passwordChangedAt: user.passwordChangedAt,
  };
}

export function toApiKeyView(key: ApiKeyRecord, now: Date): ApiKeyView {
  return {
    id: key.id,
    userId: key.userId,
    name: key.name,
    scopes: key.scopes.filter(isScope),
    mask: maskApiKey(key.publicId),
    status: apiKeyStatus(key, now),
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}

export function apiKeyStatus(key: ApiKeyRecord, now: Date): ApiKeyView['status'] {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}
