import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createKeyRing } from './key-ring.js';
import { generateMasterKey } from './master-key.js';

describe('createKeyRing', () => {
  it('holds the active key and older ones, active first', () => {
    const [next, previous, oldest] = [generateMasterKey(), generateMasterKey(), generateMasterKey()];
    const ring = createKeyRing(next, [previous, oldest]);
    expect(ring.active).toBe(next);
    expect(ring.ids).toEqual([next.id, previous.id, oldest.id]);
    expect(ring.get(previous.id)).toBe(previous);
    expect(ring.get('0000000000000000')).toBeUndefined();
  });

  it('lists a key once even when given twice', () => {
    const key = generateMasterKey();
    expect(createKeyRing(key, [key]).ids).toEqual([key.id]);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createKeyRing({ id: 'short', key: new Uint8Array(16) })).toThrow(RangeError);
  });

  it('prints ids only', () => {
    const key = generateMasterKey();
    const ring = createKeyRing(key);
    const hex = Buffer.from(key.key).toString('hex');
    for (const printed of [inspect(ring), JSON.stringify(ring), String(ring)]) {
      expect(printed).toContain(key.id);
      expect(printed).not.toContain(hex);
    }
  });
});
