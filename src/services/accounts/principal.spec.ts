import { describe, expect, it } from 'vitest';
import { auditActor, can, type Principal, requireScope, requireSession, scopesForRole } from './principal.js';

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  ownerId: 'u1',
  username: 'ada',
  role: 'user',
  via: 'session',
  apiKeyId: null,
  scopes: scopesForRole('user'),
  ...overrides,
});

describe('principals', () => {
  it('give sessions every scope their role allows', () => {
    expect([...scopesForRole('user')]).toEqual(['tokens:read', 'tokens:use']);
    expect([...scopesForRole('admin')]).toEqual(['tokens:read', 'tokens:use', 'admin']);
    expect(can(principal(), 'tokens:use')).toBe(true);
    expect(can(principal(), 'admin')).toBe(false);
  });

  it('say which scope an API key lacks, and who acted', () => {
    const key = principal({ via: 'api_key', apiKeyId: 'k1', scopes: new Set(['tokens:read']) });
    expect(requireScope(key, 'tokens:read')).toEqual({ ok: true, value: undefined });
    expect(requireScope(key, 'tokens:use')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'This API key lacks the scope tokens:use.' },
    });
    expect(requireScope(principal(), 'admin')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only administrators can do this.' },
    });
    expect(requireSession(key, 'Changing the password')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(auditActor(key)).toBe('k1');
    expect(auditActor(principal())).toBe('u1');
  });
});
