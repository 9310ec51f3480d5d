import { describe, expect, it } from 'vitest';
import { checkDisplayName, checkNewPassword, checkUsername } from './credential-rules.js';

const code = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code);

describe('credential rules', () => {
  it('take ASCII usernames of 1 to 64 characters', () => {
    for (const good of ['a', 'Ada.Lovelace', 'ci-bot_2', 'ada@example.com', 'x'.repeat(64)]) {
      expect(code(checkUsername(good)), good).toBe('ok');
    }
    for (const bad of ['', '-lead', '.dot', 'has space', 'аdmin', 'x'.repeat(65), 'tab\t']) {
      expect(code(checkUsername(bad)), bad).toBe('invalid_input');
    }
  });

  it('default the display name to the username and refuse control characters', () => {
    expect(checkDisplayName(undefined, 'ada')).toEqual({ ok: true, value: 'ada' });
    expect(checkDisplayName('  Ada L.  ', 'ada')).toEqual({ ok: true, value: 'Ada L.' });
    expect(code(checkDisplayName('bell\u0007', 'ada'))).toBe('invalid_input');
    expect(code(checkDisplayName('   ', 'ada'))).toBe('invalid_input');
  });

  it('want passwords of 12 to 1024 characters that are not the username', () => {
    expect(code(checkNewPassword('eleven char', 'ada'))).toBe('password_too_weak');
    expect(code(checkNewPassword('twelve chars', 'ada'))).toBe('ok');
    expect(code(checkNewPassword('Ada.Lovelace', 'ada.lovelace'))).toBe('password_too_weak');
    expect(code(checkNewPassword('x'.repeat(1025), 'ada'))).toBe('password_too_weak');
    // Characters, not UTF-16 units: 12 emoji are 12 characters.
    expect(code(checkNewPassword('🔑'.repeat(12), 'ada'))).toBe('ok');
    expect(code(checkNewPassword('🔑'.repeat(6), 'ada'))).toBe('password_too_weak');
  });

  it('normalise passwords (NFKC), so composed and decomposed forms are one password', () => {
    const composed = checkNewPassword('caf\u00e9 au lait!', 'ada');
    const decomposed = checkNewPassword('cafe\u0301 au lait!', 'ada');
    expect(composed).toEqual(decomposed);
  });
});
