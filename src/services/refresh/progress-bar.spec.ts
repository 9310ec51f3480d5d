import { describe, expect, it } from 'vitest';
import { HOSTS } from './fixtures.js';
import { renderProgress } from './progress-bar.js';
import type { HostProgress, RefreshProgress } from './types.js';

function host(overrides: Partial<HostProgress>): HostProgress {
  return {
    forge: 'github',
    total: 0,
    done: 0,
    checked: 0,
    stale: 0,
    rateLimited: 0,
    cancelled: 0,
    inFlight: 0,
    paused: false,
    resumesAt: null,
    gaveUp: false,
    ...overrides,
  };
}

function progress(byHost: Record<string, HostProgress>): RefreshProgress {
  const hosts = Object.values(byHost);
  return {
    total: hosts.reduce((sum, h) => sum + h.total, 0),
    done: hosts.reduce((sum, h) => sum + h.done, 0),
    byHost,
    finished: false,
  };
}

const three = progress({
  [HOSTS.github]: host({ forge: 'github', total: 400, done: 120, checked: 120 }),
  [HOSTS.gitlab]: host({ forge: 'gitlab', total: 400, done: 400, checked: 400 }),
  [HOSTS.bitbucket]: host({
    forge: 'bitbucket',
    total: 200,
    done: 3,
    checked: 3,
    paused: true,
    resumesAt: '2026-05-01T12:03:10.000Z',
  }),
});

describe('renderProgress', () => {
  it('draws a bar for a running host, a tick for a finished one and the resume time of a paused one', () => {
    expect(renderProgress(three, 120, { timeZone: 'UTC' })).toBe(
      'github 120/400 ▕██████              ▏ gitlab 400/400 ✓ bitbucket 3/200 (paused: rate limited, resumes 12:03:10)',
    );
  });

  it('shrinks the bars to the width, then drops them, then cuts the line', () => {
    const narrow = renderProgress(three, 100, { timeZone: 'UTC' });
    expect(narrow).toBe(
      'github 120/400 ▕██▋      ▏ gitlab 400/400 ✓ bitbucket 3/200 (paused: rate limited, resumes 12:03:10)',
    );
    expect(narrow).toHaveLength(100);
    expect(renderProgress(three, 90, { timeZone: 'UTC' })).toBe(
      'github 120/400 gitlab 400/400 ✓ bitbucket 3/200 (paused: rate limited, resumes 12:03:10)',
    );
    const cut = renderProgress(three, 40, { timeZone: 'UTC' });
    expect(cut).toHaveLength(40);
    expect(cut.endsWith('…')).toBe(true);
    expect(renderProgress(three, 0)).toBe('');
  });

  it('never writes more than the width', () => {
    for (let width = 1; width <= 140; width++) {
      expect(renderProgress(three, width, { timeZone: 'UTC' }).length).toBeLessThanOrEqual(width);
    }
  });

  it('fills bars in eighths', () => {
    const line = (done: number) =>
      renderProgress(progress({ [HOSTS.gitlab]: host({ forge: 'gitlab', total: 16, done }) }), 22);
    expect(line(0)).toBe('gitlab 0/16 ▕        ▏');
    expect(line(1)).toBe('gitlab 1/16 ▕▌       ▏');
    expect(line(15)).toBe('gitlab 15/16 ▕██████▌▏'); // one digit more, one cell less
    expect(line(16)).toBe('gitlab 16/16 ✓');
  });

  it('says what did not end checked, and when a host gave up', () => {
    const p = progress({
      [HOSTS.github]: host({ total: 10, done: 10, checked: 6, stale: 2, rateLimited: 1, cancelled: 1 }),
      [HOSTS.bitbucket]: host({ forge: 'bitbucket', total: 50, done: 45, rateLimited: 45, gaveUp: true }),
    });
    expect(renderProgress(p, 200)).toBe(
      'github 10/10 ✓ (2 stale, 1 rate limited, 1 cancelled) bitbucket 45/50 (rate limited: gave up)',
    );
  });

  it('names the host when two queues share a forge', () => {
    const p = progress({
      [HOSTS.github]: host({ total: 2, done: 2, checked: 2 }),
      'github https://ghe.example.com/api/v3': host({ total: 1, done: 1, checked: 1 }),
      'custom-key': host({ forge: 'gitlab', total: 1, done: 1, checked: 1 }),
    });
    expect(renderProgress(p, 200)).toBe(
      'github api.github.com 2/2 ✓ github ghe.example.com 1/1 ✓ gitlab 1/1 ✓',
    );
  });

  it('says so when there is nothing to refresh', () => {
    expect(renderProgress(progress({}), 80)).toBe('nothing to refresh');
  });
});
