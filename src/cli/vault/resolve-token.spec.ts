import { describe, expect, it } from 'vitest';
import type { TokenView } from '../../services/vault/index.js';
import { matchToken } from './resolve-token.js';

const token = (id: string, label: string | null = null) => ({ id, label }) as TokenView;
const tokens = [
  token('01a20531-e714-7547-98f8-7c0eda7067a1', 'main'),
  token('01a20531-f596-7701-9db8-c8d1c72094b5', 'lab'),
  token('01b20531-0000-7000-8000-000000000000', '01a20531-e714'),
];

describe('matchToken', () => {
  it('takes an exact id, a label, or a unique id prefix of six characters or more', () => {
    expect(matchToken(tokens, tokens[1]?.id ?? '')).toMatchObject({ type: 'one', token: { label: 'lab' } });
    expect(matchToken(tokens, 'main')).toMatchObject({ type: 'one', token: { label: 'main' } });
    expect(matchToken(tokens, '01A20531-F5')).toMatchObject({ type: 'one', token: { label: 'lab' } });
  });

  it('lists the candidates when several match, a label and a prefix alike', () => {
    const many = matchToken(tokens, '01a205');
    expect(many.type === 'many' && many.candidates.map((candidate) => candidate.label)).toEqual([
      'main',
      'lab',
    ]);
    const both = matchToken(tokens, '01a20531-e714');
    expect(both.type === 'many' && both.candidates).toHaveLength(2);
  });

  it('refuses prefixes under six characters and answers none for what matches nothing', () => {
    expect(matchToken(tokens, '01a2')).toEqual({ type: 'short' });
    expect(matchToken(tokens, 'nothing')).toEqual({ type: 'none' });
    expect(matchToken(tokens, '')).toEqual({ type: 'none' });
  });
});
