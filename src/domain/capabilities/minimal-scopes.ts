import { CAPABILITIES, type Capability } from '../capability.js';
import type { ScopeRequirement, ScopeRequirements, ScopeSet } from './types.js';

/** How a requirement is met by expanded scopes: fully, only in part (public_repo), or not at all. */
export type Satisfaction = 'full' | 'partial' | 'none';

function hasAll(set: ScopeSet, granted: ReadonlySet<string>): boolean {
  return set.every((scope) => granted.has(scope));
}

export function satisfaction(requirement: ScopeRequirement, expanded: ReadonlySet<string>): Satisfaction {
  if (requirement.anyOf.some((set) => hasAll(set, expanded))) return 'full';
  if (requirement.partial?.anyOf.some((set) => hasAll(set, expanded))) return 'partial';
  return 'none';
}

/** Larger universes fall back to the canonical sets; no forge table comes near this. */
const MAX_SEARCH = 16;

/**
 * The fewest scopes to add to `expandedGranted` so that every required capability is met, chosen
 * deterministically. Candidates are the scopes of the full (never the partial) alternatives of the
 * unmet capabilities, ranked by first appearance: capabilities in `CAPABILITIES` order, alternatives
 * in table order (canonical first), scopes in set order. Subsets are tried by size, then in
 * lexicographic rank order, so among equally small answers the most canonical wins — e.g. GitHub
 * `repo` over `public_repo`, and one `repo` rather than `repo` + `write:repo_hook` when both push and
 * webhooks are required. An unmet capability is always met in full: a token with `public_repo` that
 * lacks `workflow` is told to add `repo` and `workflow`, not `workflow` alone. The result is in rank
 * order.
 */
export function minimalScopesToAdd(
  requirements: ScopeRequirements,
  required: readonly Capability[],
  expandedGranted: ReadonlySet<string>,
  expand: (scopes: Iterable<string>) => Set<string>,
): string[] {
  const unmet = CAPABILITIES.filter(
    (capability) =>
      required.includes(capability) && satisfaction(requirements[capability], expandedGranted) === 'none',
  );
  if (unmet.length === 0) return [];
  const universe = candidates(requirements, unmet, expandedGranted);
  const meetsAll = (added: readonly string[]): boolean => {
    const expanded = expand([...expandedGranted, ...added]);
    return unmet.every((capability) => satisfaction(requirements[capability], expanded) === 'full');
  };
  if (universe.length <= MAX_SEARCH) {
    for (let size = 1; size <= universe.length; size++) {
      for (const combination of combinations(universe, size)) {
        if (meetsAll(combination)) return combination;
      }
    }
  }
  return canonicalFallback(requirements, unmet, expandedGranted);
}

function candidates(
  requirements: ScopeRequirements,
  unmet: readonly Capability[],
  granted: ReadonlySet<string>,
): string[] {
  const ranked: string[] = [];
  for (const capability of unmet) {
    for (const set of requirements[capability].anyOf) {
      for (const scope of set) {
        if (!granted.has(scope) && !ranked.includes(scope)) ranked.push(scope);
      }
    }
  }
  return ranked;
}

/** k-combinations of `items` in lexicographic index order, each in item order. */
function* combinations(items: readonly string[], size: number): Generator<string[]> {
  const indices = Array.from({ length: size }, (_, i) => i);
  while (true) {
    yield indices.map((i) => items[i]!);
    let position = size - 1;
    while (position >= 0 && indices[position] === items.length - size + position) position--;
    if (position < 0) return;
    indices[position]!++;
    for (let next = position + 1; next < size; next++) indices[next] = indices[next - 1]! + 1;
  }
}

function canonicalFallback(
  requirements: ScopeRequirements,
  unmet: readonly Capability[],
  granted: ReadonlySet<string>,
): string[] {
  const added: string[] = [];
  for (const capability of unmet) {
    for (const scope of requirements[capability].anyOf[0] ?? []) {
      if (!granted.has(scope) && !added.includes(scope)) added.push(scope);
    }
  }
  return added;
}
