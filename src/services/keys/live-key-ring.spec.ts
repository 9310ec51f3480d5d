import { describe, expect, it } from 'vitest';
import { makeContext, makeSecret } from '../../crypto/fixtures.js';
import { createKeyRing, generateMasterKey, open, seal } from '../../crypto/index.js';
import { createKeyWatch } from './key-watch.js';
import { LiveKeyRing } from './live-key-ring.js';

describe('LiveKeyRing', () => {
  it('adds keys without forgetting one, and seals under the key made active', () => {
    const [a, b] = [generateMasterKey(), generateMasterKey()];
    const ring = new LiveKeyRing(createKeyRing(a));
    const sealedByA = seal(makeSecret(), makeContext(), ring);
    expect(ring.activate(b.id)).toBe(false);
    expect(ring.add([a, b])).toBe(true);
    expect(ring.add([b])).toBe(false);
    expect(ring.active.id).toBe(a.id);
    expect(ring.activate(b.id)).toBe(true);
    expect(ring.ids).toEqual([b.id, a.id]);
    expect(seal(makeSecret(), makeContext(), ring).keyId).toBe(b.id);
    expect(open(sealedByA, makeContext(), ring).ok).toBe(true);
    expect(String(ring)).not.toContain(Buffer.from(b.key).toString('base64'));
  });
});

describe('createKeyWatch', () => {
  it('reloads at most once per interval and shares a reload in flight', async () => {
    let now = 0;
    let loads = 0;
    const extra = generateMasterKey();
    const ring = new LiveKeyRing(createKeyRing(generateMasterKey()));
    const watch = createKeyWatch(
      ring,
      async () => {
        loads += 1;
        return [extra];
      },
      { intervalMs: 1_000, now: () => now },
    );
    expect(watch.reloadedRecently()).toBe(false);
    const [first, second] = await Promise.all([watch.reload(), watch.reload()]);
    expect([first, second, loads]).toEqual([true, true, 1]);
    expect(ring.get(extra.id)).toBeDefined();
    expect(await watch.reload()).toBe(false);
    expect(watch.reloadedRecently()).toBe(true);
    now = 1_000;
    expect(watch.reloadedRecently()).toBe(false);
    await watch.reload();
    expect(loads).toBe(2);
  });

  it('keeps the ring as it was when a source cannot be read', async () => {
    const ring = new LiveKeyRing(createKeyRing(generateMasterKey()));
    const watch = createKeyWatch(ring, async () => {
      throw new Error('EACCES');
    });
    expect(await watch.reload()).toBe(false);
    expect(ring.ids).toHaveLength(1);
  });
});
