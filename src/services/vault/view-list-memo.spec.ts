import { describe, expect, it } from 'vitest';
import type { StatusNow } from '../../domain/vault-status.js';
import type { TokenRecord } from '../../store/index.js';
import { ViewListMemo } from './view-list-memo.js';

function record(id: string): TokenRecord {
  return {
    id,
    ownerId: 'o',
    forge: 'github',
    apiUrl: 'https://api.github.com',
    label: id,
    account: null,
    email: null,
    kind: 'classic',
    scopes: ['repo'],
    expiresAt: null,
    status: 'active',
    statusCode: null,
    lastCheckedAt: null,
    lastUsedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    mask: 'ghp_…abcd',
    fingerprint: 'f',
    isDefault: false,
    keyId: 'k',
  };
}

const active: StatusNow = { status: 'active', code: null, daysLeft: 20 };

describe('ViewListMemo', () => {
  it('gives the same frozen views for the same records judged the same, and new ones otherwise', () => {
    const memo = new ViewListMemo();
    const records = [record('a'), record('b')];
    const first = memo.views('o', records, [active, active]);
    expect(first.map((view) => view.id)).toEqual(['a', 'b']);
    expect(Object.isFrozen(first) && first.every(Object.isFrozen)).toBe(true);
    // A new array of the same record objects, states equal in value: the same list.
    expect(memo.views('o', [...records], [{ ...active }, { ...active }])).toBe(first);
    // The clock moved a day for one of them.
    const later = memo.views('o', records, [active, { ...active, daysLeft: 19 }]);
    expect(later).not.toBe(first);
    expect(later[1]?.daysLeft).toBe(19);
    // A record re-read (another object, even if equal): a new list.
    expect(
      memo.views('o', [records[0] as TokenRecord, record('b')], [active, { ...active, daysLeft: 19 }]),
    ).not.toBe(later);
    // Fewer records.
    expect(memo.views('o', records.slice(0, 1), [active])).toHaveLength(1);
  });

  it('keeps lists per key', () => {
    const memo = new ViewListMemo();
    const records = [record('a')];
    const all = memo.views('o\nall', records, [active]);
    const expiring = memo.views('o\nexpiring', [], []);
    expect(memo.views('o\nall', records, [active])).toBe(all);
    expect(memo.views('o\nexpiring', [], [])).toBe(expiring);
  });
});
