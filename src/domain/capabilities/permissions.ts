import type { Capability } from '../capability.js';
import { GITHUB_PERMISSION_ORDER } from './github-scopes.js';
import type { GitHubPermission } from './types.js';

/**
 * The permissions that together cover `required`, one entry per permission at the highest access
 * asked for (write includes read, as GitHub's picker does), in picker order.
 */
export function mergePermissions(
  table: Readonly<Record<Capability, readonly GitHubPermission[]>>,
  required: readonly Capability[],
): GitHubPermission[] {
  const byParam = new Map<string, GitHubPermission>();
  for (const capability of required) {
    for (const permission of table[capability]) {
      const known = byParam.get(permission.param);
      if (known === undefined || (known.access === 'read' && permission.access === 'write')) {
        byParam.set(permission.param, permission);
      }
    }
  }
  return [...byParam.values()].sort((a, b) => rank(a.param) - rank(b.param));
}

function rank(param: string): number {
  const index = GITHUB_PERMISSION_ORDER.indexOf(param);
  return index === -1 ? GITHUB_PERMISSION_ORDER.length : index;
}

/** `Contents: write`: the form people read and the brief's stable text form. */
export function formatPermission(permission: GitHubPermission): string {
  return `${permission.label}: ${permission.access}`;
}

/** How GitHub's picker names the access level: "Read-only" or "Read and write". */
export function pickerAccess(permission: GitHubPermission): string {
  return permission.access === 'write' ? 'Read and write' : 'Read-only';
}
