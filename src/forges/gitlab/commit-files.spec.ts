import { describe, expect, it } from 'vitest';
import { actionsFor } from './commit-files.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('GitLab commit actions (forges.md §2.8)', () => {
  it('sends text as text and anything else (NUL bytes, invalid UTF-8) as base64', () => {
    const actions = actionsFor(
      [
        { action: 'put', path: 'a.txt', content: text('naïve ✓\n') },
        { action: 'put', path: 'nul', content: Uint8Array.from([0x61, 0x00]) },
        { action: 'put', path: 'latin1', content: Uint8Array.from([0xe9]) },
      ],
      null,
    );
    expect(actions).toEqual([
      { action: 'create', file_path: 'a.txt', content: 'naïve ✓\n', encoding: 'text' },
      { action: 'create', file_path: 'nul', content: 'YQA=', encoding: 'base64' },
      { action: 'create', file_path: 'latin1', content: '6Q==', encoding: 'base64' },
    ]);
  });

  it('updates what exists, deletes, and sets or clears the executable bit with chmod', () => {
    const existing = new Map([
      ['run.sh', true],
      ['plain', false],
    ]);
    const actions = actionsFor(
      [
        { action: 'put', path: 'run.sh', content: text('x') },
        { action: 'put', path: 'plain', content: text('y'), executable: true },
        { action: 'put', path: 'tool', content: text('z'), executable: true },
        { action: 'put', path: 'run.sh', content: text('x'), executable: false },
        { action: 'delete', path: 'gone' },
      ],
      existing,
    );
    expect(actions.map((a) => [a.action, a.file_path, a.execute_filemode])).toEqual([
      ['update', 'run.sh', undefined],
      ['update', 'plain', undefined],
      ['chmod', 'plain', true],
      ['create', 'tool', undefined],
      ['chmod', 'tool', true],
      ['update', 'run.sh', undefined],
      ['chmod', 'run.sh', false],
      ['delete', 'gone', undefined],
    ]);
  });
});
