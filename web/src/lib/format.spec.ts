import { describe, expect, it } from 'vitest';
import {
  ago,
  capabilityVerdict,
  countdown,
  hostLabel,
  scopeChips,
  statusText,
  statusTone,
} from './format.js';

const now = new Date('2026-01-10T12:00:00Z');

describe('countdown', () => {
  it('counts days to an expiry and since one', () => {
    expect(countdown('2026-01-13T12:00:00Z', now)).toBe('expires in 3 days');
    expect(countdown('2026-01-11T13:00:00Z', now)).toBe('expires in 1 day');
    expect(countdown('2026-01-10T15:00:00Z', now)).toBe('expires in 3 h');
    expect(countdown('2026-01-10T10:00:00Z', now)).toBe('expired today');
    expect(countdown('2026-01-08T10:00:00Z', now)).toBe('expired 2 days ago');
    expect(countdown(null, now)).toBe('never expires');
    expect(countdown('not a date', now)).toBe('unknown');
  });
});

describe('ago', () => {
  it('says how long ago', () => {
    expect(ago(null, now)).toBe('never');
    expect(ago('2026-01-10T11:59:30Z', now)).toBe('just now');
    expect(ago('2026-01-10T11:30:00Z', now)).toBe('30 min ago');
    expect(ago('2026-01-10T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-01-09T11:00:00Z', now)).toBe('1 day ago');
  });
});

describe('status', () => {
  it('words and tones', () => {
    expect(statusText('insufficient_scope')).toBe('insufficient scope');
    expect(statusTone('active')).toBe('ok');
    expect(statusTone('expiring')).toBe('warn');
    expect(statusTone('invalid')).toBe('bad');
    expect(statusTone('whatever')).toBe('muted');
  });
});

describe('scopeChips', () => {
  it('lists held scopes then flags the missing ones once', () => {
    expect(scopeChips(['repo', 'read:org'], ['workflow', 'repo'])).toEqual([
      { name: 'repo', missing: false },
      { name: 'read:org', missing: false },
      { name: 'workflow', missing: true },
    ]);
    expect(scopeChips(null, [])).toEqual([]);
  });
});

describe('capabilityVerdict', () => {
  it('reads true, false and unknown', () => {
    const map = { read: true, push: false, workflows: null };
    expect(capabilityVerdict(map, 'read')).toBe(true);
    expect(capabilityVerdict(map, 'push')).toBe(false);
    expect(capabilityVerdict(map, 'workflows')).toBeNull();
    expect(capabilityVerdict(null, 'read')).toBeNull();
  });
});

describe('hostLabel', () => {
  it('names the host of a Refresh All queue without repeating the forge', () => {
    expect(hostLabel('github https://api.github.com', 'github')).toBe('api.github.com');
    expect(hostLabel('gitlab http://127.0.0.1:4100/api/v4', 'gitlab')).toBe('127.0.0.1:4100');
    expect(hostLabel('github', 'github')).toBe('');
    expect(hostLabel('work', 'github')).toBe('work');
  });
});
