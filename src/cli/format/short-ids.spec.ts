import { describe, expect, it } from 'vitest';
import { shortIds } from './short-ids.js';

describe('shortIds', () => {
  it('shows at least eight characters, more where ids share a prefix, and never ends on a dash', () => {
    const ids = [
      '01a20531-e714-7547-98f8-7c0eda7067a1',
      '01a20531-f596-7701-9db8-c8d1c72094b5',
      '01a20531-f7bb-715e-8733-ed5bb85fc160',
      '01b00000-0000-7000-8000-000000000000',
    ];
    expect([...shortIds(ids).values()]).toEqual(['01a20531-e', '01a20531-f5', '01a20531-f7', '01b00000']);
  });

  it('never shows a prefix that equals another token’s label', () => {
    const ids = ['abcdef12-0000-7000-8000-000000000000'];
    expect(shortIds(ids, ['abcdef12']).get(ids[0] ?? '')).toBe('abcdef12-0');
  });

  it('shows the whole id when nothing shorter selects it', () => {
    expect([...shortIds(['short', 'shorter']).values()]).toEqual(['short', 'shorter']);
  });
});
