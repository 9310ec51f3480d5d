import { describe, expect, it } from 'vitest';
import type { HostProgress, RefreshProgress } from '../../services/refresh/types.js';
import { progressLine } from './progress-line.js';

const host = (done: number, total: number): HostProgress => ({
  forge: 'github',
  total,
  done,
  checked: done,
  stale: 0,
  rateLimited: 0,
  cancelled: 0,
  inFlight: 0,
  paused: false,
  resumesAt: null,
  gaveUp: false,
});
const progress = (done: number): RefreshProgress => ({
  total: 4,
  done,
  byHost: { 'github https://api.github.com': host(done, 4) },
  finished: done === 4,
});

describe('progressLine', () => {
  it('redraws one line in place and ends it with a newline', () => {
    const written: string[] = [];
    const line = progressLine({ columns: 40, write: (text) => written.push(text) });
    line.update(progress(1));
    line.update(progress(4));
    line.end();
    expect(written).toEqual(['\rgithub 1/4 ▕█████               ▏\u001b[K', '\rgithub 4/4 ✓\u001b[K', '\n']);
  });

  it('assumes 80 columns when the terminal does not say, and writes nothing at the end when nothing was drawn', () => {
    const written: string[] = [];
    const line = progressLine({ columns: 0, write: (text) => written.push(text) });
    line.end();
    expect(written).toEqual([]);
    line.update(progress(2));
    expect(written[0]).toContain('▕██████████          ▏');
  });
});
