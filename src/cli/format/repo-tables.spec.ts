import { describe, expect, it } from 'vitest';
import type { CommitResult } from '../../forges/repo-types.js';
import { formatCommitLine } from './repo-tables.js';

const SHA = 'c'.repeat(40);
const commit = (branchCreated: boolean | null): CommitResult => ({
  sha: SHA,
  branch: 'feature',
  branchCreated,
  webUrl: `https://bitbucket.org/ws/app/commits/${SHA}`,
});

describe('formatCommitLine', () => {
  it('says "new branch" only when the forge said the branch was created', () => {
    expect(formatCommitLine(commit(true), 3)).toBe(
      `Committed 3 changes to new branch feature: ${SHA}\n  https://bitbucket.org/ws/app/commits/${SHA}\n`,
    );
    expect(formatCommitLine(commit(false), 1)).toBe(
      `Committed 1 change to feature: ${SHA}\n  https://bitbucket.org/ws/app/commits/${SHA}\n`,
    );
  });

  it('names the branch without a claim when the forge did not say (null)', () => {
    const line = formatCommitLine(commit(null), 2);
    expect(line).toBe(
      `Committed 2 changes to feature: ${SHA}\n  https://bitbucket.org/ws/app/commits/${SHA}\n`,
    );
    expect(line).not.toMatch(/new branch|null|undefined/);
  });
});
