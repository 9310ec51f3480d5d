import type { ForgeId } from '../../domain/forge.js';
import type { RepoRef } from '../../forges/repo-types.js';
import type { RepoOperation } from './capability-check.js';

/** The audit target's action part per operation: `repo.commit github:acme/app@main (1000 files)`. */
const ACTIONS: Record<RepoOperation, string> = {
  list: 'repo.list',
  branches: 'repo.branches',
  create: 'repo.create',
  commit: 'repo.commit',
  push: 'repo.push',
  'pull-request': 'repo.pr',
  webhook: 'repo.hook',
};

export interface PurposeInput {
  /** null when the token could not be looked up beforehand (the vault then audits why). */
  forge: ForgeId | null;
  repo?: RepoRef | { owner?: string | undefined; name: string };
  /** `@branch`, `feature→main` … */
  suffix?: string;
  /** `(1000 files)` … */
  note?: string;
}

/**
 * The `purpose` of a `withToken` call, which the audit log keeps as the event's target. It names
 * what was done and where — never content, webhook URLs or secrets (a URL may carry credentials).
 */
export function purposeOf(operation: RepoOperation, input: PurposeInput): string {
  const where = input.repo === undefined ? '' : `${input.repo.owner ?? '~'}/${input.repo.name}`;
  const target = input.forge === null ? where : where === '' ? input.forge : `${input.forge}:${where}`;
  return [ACTIONS[operation], `${target}${input.suffix ?? ''}`, input.note ?? '']
    .filter((part) => part !== '')
    .join(' ');
}
