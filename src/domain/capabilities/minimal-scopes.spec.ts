import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, type Capability } from '../capability.js';
import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import { evaluateCapabilities } from './evaluate.js';
import { expandScopes, implicationsFor } from './expand-scopes.js';
import { grantModel } from './grant-model.js';
import { minimalScopesToAdd, satisfaction } from './minimal-scopes.js';
import type { ScopeRequirements } from './types.js';

const SCOPE_KINDS: [ForgeId, TokenKind][] = [
  ['github', 'classic'],
  ['github', 'legacy'],
  ['github', 'oauth'],
  ['gitlab', 'personal'],
  ['bitbucket', 'api_token'],
  ['bitbucket', 'access_token'],
  ['bitbucket', 'app_password'],
];

function requirementsOf(forge: ForgeId, kind: TokenKind): ScopeRequirements {
  const model = grantModel(forge, kind);
  if (model.type !== 'scopes') throw new Error(`${forge} ${kind} is not scope-based`);
  return model.requirements;
}

/** Every scope the tables or implications name for this kind, plus one the forge does not know. */
function vocabulary(forge: ForgeId, kind: TokenKind): string[] {
  const requirements = requirementsOf(forge, kind);
  const names = new Set<string>(['not-a-scope']);
  for (const capability of CAPABILITIES) {
    const requirement = requirements[capability];
    for (const set of [...requirement.anyOf, ...(requirement.partial?.anyOf ?? [])]) {
      for (const scope of set) names.add(scope);
    }
  }
  for (const [scope, implied] of Object.entries(implicationsFor(forge, kind))) {
    names.add(scope);
    for (const child of implied) names.add(child);
  }
  return [...names].sort();
}

const scopeKind = fc.constantFrom(...SCOPE_KINDS);
const capabilities = fc.subarray([...CAPABILITIES]);

const sample = scopeKind.chain(([forge, kind]) =>
  fc.record({
    forge: fc.constant(forge),
    kind: fc.constant(kind),
    granted: fc.subarray(vocabulary(forge, kind)),
    require: capabilities,
  }),
);

function evaluate(forge: ForgeId, kind: TokenKind, scopes: string[], require: Capability[]) {
  return evaluateCapabilities({ forge, kind, scopes, require, webUrl: 'https://forge.example' });
}

describe('minimalScopesToAdd: properties', () => {
  it('adding scopesToAdd to the granted scopes makes every required capability true', () => {
    fc.assert(
      fc.property(sample, ({ forge, kind, granted, require }) => {
        const before = evaluate(forge, kind, granted, require);
        const after = evaluate(forge, kind, [...granted, ...before.scopesToAdd], require);
        expect(after.missing).toEqual([]);
        for (const capability of require) expect(after.capabilities[capability]).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('suggests nothing already granted, and nothing when nothing is missing', () => {
    fc.assert(
      fc.property(sample, ({ forge, kind, granted, require }) => {
        const report = evaluate(forge, kind, granted, require);
        const expanded = expandScopes(forge, kind, granted);
        for (const scope of report.scopesToAdd) expect(expanded.has(scope)).toBe(false);
        if (report.missing.length === 0) expect(report.scopesToAdd).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is minimal: no smaller set of candidate scopes meets every missing capability in full', () => {
    fc.assert(
      fc.property(sample, ({ forge, kind, granted, require }) => {
        const requirements = requirementsOf(forge, kind);
        const expand = (scopes: Iterable<string>) => expandScopes(forge, kind, scopes);
        const expanded = expand(granted);
        const added = minimalScopesToAdd(requirements, require, expanded, expand);
        const unmet = require.filter((c) => satisfaction(requirements[c], expanded) === 'none');
        const pool = [
          ...new Set(unmet.flatMap((c) => requirements[c].anyOf.flat()).filter((s) => !expanded.has(s))),
        ];
        // Brute force over every subset of the pool: an oracle independent of the search order.
        let smallest = Number.POSITIVE_INFINITY;
        for (let mask = 0; mask < 1 << pool.length; mask++) {
          const subset = pool.filter((_, i) => (mask & (1 << i)) !== 0);
          const grant = expand([...expanded, ...subset]);
          if (unmet.every((c) => satisfaction(requirements[c], grant) === 'full')) {
            smallest = Math.min(smallest, subset.length);
          }
        }
        expect(added.length).toBe(unmet.length === 0 ? 0 : smallest);
      }),
      { numRuns: 300 },
    );
  });

  it('newTokenScopes alone is enough for a new token of the suggested kind', () => {
    fc.assert(
      fc.property(sample, ({ forge, kind, granted, require }) => {
        const report = evaluate(forge, kind, granted, require);
        const createAs = report.newTokenKind;
        if (createAs === null) return;
        const fresh = evaluate(forge, createAs, report.newTokenScopes, require);
        expect(fresh.missing).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(sample, ({ forge, kind, granted, require }) => {
        const a = evaluate(forge, kind, granted, require);
        const b = evaluate(forge, kind, [...granted].reverse(), [...require].reverse());
        expect(b.scopesToAdd).toEqual(a.scopesToAdd);
        expect(b.newTokenScopes).toEqual(a.newTokenScopes);
      }),
      { numRuns: 200 },
    );
  });
});

describe('minimalScopesToAdd: examples', () => {
  const github = requirementsOf('github', 'classic');
  const expand = (scopes: Iterable<string>) => expandScopes('github', 'classic', scopes);

  it('returns [] when nothing is required', () => {
    expect(minimalScopesToAdd(github, [], new Set(), expand)).toEqual([]);
  });

  it('prefers the canonical alternative among equally small answers', () => {
    expect(minimalScopesToAdd(github, ['create-repo'], new Set(), expand)).toEqual(['repo']);
  });

  it('returns scopes in canonical order', () => {
    expect(minimalScopesToAdd(github, ['workflows', 'read'], new Set(), expand)).toEqual([
      'repo',
      'workflow',
    ]);
  });
});
