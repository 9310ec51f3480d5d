import { createHash, randomBytes } from 'node:crypto';
import type { NewApiKey, NewSession, NewUser, UserRecord } from '../account-types.js';
import type { Store } from '../store.js';
import { unwrap } from './factories.js';

/** A SHA-256 hex digest of random bytes, standing in for a hashed token, key or code. */
export function randomHash(): string {
  return createHash('sha256').update(randomBytes(32)).digest('hex');
}

export function makeNewUser(store: Store, overrides: Partial<NewUser> = {}): NewUser {
  const suffix = randomBytes(5).toString('hex');
  return {
    id: store.newId(),
    username: `User-${suffix}`,
    displayName: `User ${suffix}`,
    role: 'user',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A fresh user (and owner), so tests sharing one database never see each other's records. */
export async function makeUser(store: Store, overrides: Partial<NewUser> = {}): Promise<UserRecord> {
  return unwrap(await store.users.insert(makeNewUser(store, overrides)));
}

export function makeSession(store: Store, userId: string, overrides: Partial<NewSession> = {}): NewSession {
  const now = new Date();
  return {
    id: store.newId(),
    userId,
    tokenHash: randomHash(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
    ...overrides,
  };
}

export function makeApiKey(store: Store, userId: string, overrides: Partial<NewApiKey> = {}): NewApiKey {
  return {
    id: store.newId(),
    publicId: randomBytes(6).toString('hex'),
    userId,
    name: `ci-${randomBytes(3).toString('hex')}`,
    scopes: ['tokens:read'],
    keyHash: randomHash(),
    createdAt: new Date().toISOString(),
    expiresAt: null,
    ...overrides,
  };
}
