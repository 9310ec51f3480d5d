import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { FkError } from '../../domain/errors/error.js';
import type { Result } from '../../domain/result.js';
import type { Store } from '../store.js';
import type { NewToken, Owner } from '../types.js';
import { makeSealed } from './sealed.js';

export { makeSealed };

export function makeToken(store: Store, ownerId: string, overrides: Partial<NewToken> = {}): NewToken {
  return {
    id: store.newId(),
    ownerId,
    forge: 'github',
    apiUrl: 'https://api.github.com',
    label: null,
    account: { id: '583231', login: 'octocat', name: 'The Octocat' },
    kind: 'classic',
    scopes: ['repo', 'workflow'],
    expiresAt: '2031-01-01T00:00:00.000Z',
    status: 'active',
    mask: 'ghp_…x1Yz',
    fingerprint: randomBytes(32).toString('hex'),
    sealed: makeSealed(),
    ...overrides,
  };
}

/** A fresh owner, so tests sharing one database never see each other's records. */
export async function makeOwner(store: Store, kind: Owner['kind'] = 'user'): Promise<Owner> {
  const id = `user-${randomBytes(6).toString('hex')}`;
  return unwrap(await store.owners.ensure({ id, name: id, kind }));
}

export function unwrap<T>(result: Result<T, FkError>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function errorCode<T>(result: Result<T, FkError>): string {
  if (result.ok) expect.fail('expected an error, got ok');
  return result.error.code;
}
