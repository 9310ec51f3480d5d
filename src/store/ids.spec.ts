import { describe, expect, it } from 'vitest';
import { createIdGenerator } from './ids.js';

describe('createIdGenerator', () => {
  it('makes UUID v7 text that sorts by time, strictly increasing within one millisecond', () => {
    let now = 1_767_225_600_000;
    const next = createIdGenerator(() => now);
    const ids = Array.from({ length: 5_000 }, () => next()); // more than the 12-bit counter holds
    now += 1;
    ids.push(next());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const msOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(msOf(ids.at(-1)!)).toBe(now);
  });

  it('never goes backwards when the clock does', () => {
    let now = 2_000_000_000_000;
    const next = createIdGenerator(() => now);
    const first = next();
    now -= 10_000;
    expect(next() > first).toBe(true);
  });
});
