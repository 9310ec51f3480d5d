import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readRateLimitState, retryAtOf } from './rate-limit.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('parseRetryAfter', () => {
  it.each([
    ['120', '2026-05-01T12:02:00.000Z'],
    [' 0 ', '2026-05-01T12:00:00.000Z'],
    ['Fri, 01 May 2026 12:05:00 GMT', '2026-05-01T12:05:00.000Z'],
    ['soon', null],
    [null, null],
  ])('%j → %s', (value, expected) => {
    expect(iso(parseRetryAfter(value, NOW))).toBe(expected);
  });
});

describe('retryAtOf', () => {
  const reset = Math.floor(NOW / 1000) + 600;
  it.each<[string, Record<string, string>, string | null]>([
    ['Retry-After seconds', { 'Retry-After': '30' }, '2026-05-01T12:00:30.000Z'],
    [
      'Retry-After wins over reset',
      { 'retry-after': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      '2026-05-01T12:00:05.000Z',
    ],
    [
      'GitHub remaining 0 + reset',
      { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) },
      '2026-05-01T12:10:00.000Z',
    ],
    [
      'GitHub reset ignored while quota remains',
      { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(reset) },
      null,
    ],
    [
      'GitLab RateLimit-ResetTime',
      { 'RateLimit-ResetTime': 'Fri, 01 May 2026 12:01:00 GMT' },
      '2026-05-01T12:01:00.000Z',
    ],
    ['GitLab RateLimit-Reset epoch', { 'RateLimit-Reset': String(reset) }, '2026-05-01T12:10:00.000Z'],
    ['RateLimit-Reset as delta seconds', { 'RateLimit-Reset': '42' }, '2026-05-01T12:00:42.000Z'],
    ['nothing', {}, null],
  ])('%s', (_name, headers, expected) => {
    expect(iso(retryAtOf(new Headers(headers), NOW))).toBe(expected);
  });

  it('reads absolute resets against the server Date header (a forge clock an hour ahead)', () => {
    const serverNow = NOW + 3_600_000;
    const headers = new Headers({
      date: new Date(serverNow).toUTCString(),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.floor(serverNow / 1000) + 60),
    });
    expect(iso(retryAtOf(headers, NOW))).toBe('2026-05-01T12:01:00.000Z');
  });
});

describe('readRateLimitState', () => {
  it('reads GitHub x-ratelimit-*', () => {
    const headers = new Headers({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': '1777636800',
      'x-ratelimit-resource': 'core',
    });
    expect(readRateLimitState(headers)).toEqual({
      limit: 5000,
      remaining: 4999,
      resetAt: '2026-05-01T12:00:00.000Z',
      resource: 'core',
    });
  });

  it('reads GitLab RateLimit-*', () => {
    const headers = new Headers({
      'RateLimit-Limit': '2000',
      'RateLimit-Remaining': '1999',
      'RateLimit-Name': 'throttle_authenticated_api',
    });
    expect(readRateLimitState(headers)).toEqual({
      limit: 2000,
      remaining: 1999,
      resetAt: null,
      resource: 'throttle_authenticated_api',
    });
  });

  it('is null when the forge sent no budget headers', () => {
    expect(readRateLimitState(new Headers({ 'content-type': 'application/json' }))).toBeNull();
  });
});
