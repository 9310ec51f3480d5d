import { describe, expect, it } from 'vitest';
import { CAPABILITIES, type Capability } from '../capability.js';
import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import { type EvaluateInput, evaluateCapabilities } from './evaluate.js';

function makeInput(overrides: Partial<EvaluateInput> = {}): EvaluateInput {
  return {
    forge: 'github',
    kind: 'classic',
    scopes: [],
    require: [],
    webUrl: 'https://github.com',
    ...overrides,
  };
}

/** [capability, granted scopes, expected] rows, checked for every kind listed with them. */
type Row = [Capability, string[], boolean];

const GITHUB_CLASSIC_ROWS: Row[] = [
  ['read', ['repo'], true],
  ['read', ['public_repo'], false],
  ['read', [], false],
  ['read', ['admin:repo_hook', 'workflow'], false],
  ['create-repo', ['repo'], true],
  ['create-repo', ['public_repo'], true],
  ['create-repo', ['workflow'], false],
  ['push', ['repo'], true],
  ['push', ['public_repo'], true],
  ['push', ['read:user', 'gist'], false],
  ['workflows', ['repo', 'workflow'], true],
  ['workflows', ['public_repo', 'workflow'], true],
  ['workflows', ['repo'], false],
  ['workflows', ['workflow'], false],
  ['pull-requests', ['repo'], true],
  ['pull-requests', ['public_repo'], true],
  ['pull-requests', ['repo:status'], false],
  ['webhooks', ['write:repo_hook'], true],
  ['webhooks', ['admin:repo_hook'], true],
  ['webhooks', ['repo'], true],
  ['webhooks', ['read:repo_hook'], false],
  ['webhooks', ['public_repo'], false],
];

const GITLAB_ROWS: Row[] = [
  ['read', ['read_api'], true],
  ['read', ['api'], true],
  ['read', ['read_repository'], false],
  ['read', ['read_user'], false],
  ['create-repo', ['api'], true],
  ['create-repo', ['read_api', 'write_repository'], false],
  ['push', ['write_repository'], true],
  ['push', ['api'], true],
  ['push', ['read_repository'], false],
  ['push', ['read_api'], false],
  ['workflows', ['write_repository'], true],
  ['workflows', ['api'], true],
  ['workflows', ['read_api', 'read_repository'], false],
  ['pull-requests', ['api'], true],
  ['pull-requests', ['read_api', 'write_repository'], false],
  ['webhooks', ['api'], true],
  ['webhooks', ['read_api'], false],
];

const BITBUCKET_API_ROWS: Row[] = [
  ['read', ['read:repository:bitbucket'], true],
  ['read', ['write:repository:bitbucket'], false],
  ['read', ['admin:repository:bitbucket'], false],
  ['create-repo', ['admin:repository:bitbucket'], true],
  ['create-repo', ['read:repository:bitbucket', 'write:repository:bitbucket'], false],
  ['push', ['read:repository:bitbucket', 'write:repository:bitbucket'], true],
  // API-token scopes do not imply one another: write alone does not push.
  ['push', ['write:repository:bitbucket'], false],
  ['push', ['read:repository:bitbucket'], false],
  ['push', ['admin:repository:bitbucket'], false],
  ['workflows', ['read:repository:bitbucket', 'write:repository:bitbucket'], true],
  ['workflows', ['write:repository:bitbucket'], false],
  ['pull-requests', ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'], true],
  ['pull-requests', ['write:pullrequest:bitbucket'], false],
  ['webhooks', ['read:webhook:bitbucket', 'write:webhook:bitbucket'], true],
  ['webhooks', ['write:webhook:bitbucket'], false],
];

const BITBUCKET_CLASSIC_ROWS: Row[] = [
  ['read', ['repository'], true],
  ['read', ['repository:write'], true],
  ['read', ['pullrequest'], true],
  ['read', ['repository:admin'], false],
  ['create-repo', ['repository:admin'], true],
  ['create-repo', ['repository:write'], false],
  ['push', ['repository:write'], true],
  ['push', ['pullrequest:write'], true],
  ['push', ['repository'], false],
  ['push', ['repository:admin'], false],
  ['workflows', ['repository:write'], true],
  ['workflows', ['repository'], false],
  ['pull-requests', ['pullrequest:write'], true],
  ['pull-requests', ['pullrequest'], false],
  ['pull-requests', ['repository:write'], false],
  ['webhooks', ['webhook', 'repository'], true],
  ['webhooks', ['webhook', 'pullrequest:write'], true],
  ['webhooks', ['webhook'], false],
  ['webhooks', ['repository:admin'], false],
];

const TABLES: [ForgeId, TokenKind[], Row[]][] = [
  ['github', ['classic', 'legacy', 'oauth'], GITHUB_CLASSIC_ROWS],
  ['gitlab', ['personal'], GITLAB_ROWS],
  ['bitbucket', ['api_token'], BITBUCKET_API_ROWS],
  ['bitbucket', ['access_token', 'app_password'], BITBUCKET_CLASSIC_ROWS],
];

describe('evaluateCapabilities: scope tables', () => {
  for (const [forge, kinds, rows] of TABLES) {
    for (const kind of kinds) {
      it.each(rows)(`${forge} ${kind}: %s with [%s] → %s`, (capability, scopes, expected) => {
        const report = evaluateCapabilities(makeInput({ forge, kind, scopes, require: [capability] }));
        expect(report.capabilities[capability]).toBe(expected);
        expect(report.missing).toEqual(expected ? [] : [capability]);
        expect(report.unknown).toEqual([]);
        expect(report.scopesToAdd.length > 0).toBe(!expected);
      });
    }
  }

  it('every capability of every scope-based kind has at least one granting and one missing row', () => {
    for (const [, , rows] of TABLES) {
      for (const capability of CAPABILITIES) {
        expect(rows.some(([c, , ok]) => c === capability && ok)).toBe(true);
        expect(rows.some(([c, , ok]) => c === capability && !ok)).toBe(true);
      }
    }
  });
});

describe('evaluateCapabilities: report shape', () => {
  it('reports every capability, but lists only required ones as missing', () => {
    const report = evaluateCapabilities(makeInput({ scopes: ['public_repo'], require: ['push', 'read'] }));
    expect(report.required).toEqual(['read', 'push']);
    expect(report.capabilities).toEqual({
      read: false,
      'create-repo': true,
      push: true,
      workflows: false,
      'pull-requests': true,
      webhooks: false,
    });
    expect(report.missing).toEqual(['read']);
  });

  it('notes that public_repo covers public repositories only', () => {
    const report = evaluateCapabilities(makeInput({ scopes: ['public_repo'], require: ['push'] }));
    expect(report.notes).toEqual(['public_repo covers public repositories only; add repo for private ones.']);
  });

  it('counts scopes with stray whitespace and duplicates', () => {
    const report = evaluateCapabilities(makeInput({ scopes: [' repo ', 'repo', ''], require: ['push'] }));
    expect(report.capabilities.push).toBe(true);
  });

  it('answers unknown, not missing, when the forge did not report scopes', () => {
    const report = evaluateCapabilities(
      makeInput({ forge: 'gitlab', kind: 'personal', scopes: null, require: ['push', 'read'] }),
    );
    expect(Object.values(report.capabilities)).toEqual(CAPABILITIES.map(() => null));
    expect(report.missing).toEqual([]);
    expect(report.unknown).toEqual(['read', 'push']);
    expect(report.newTokenScopes).toEqual(['api']);
  });

  it('adds role notes for required capabilities', () => {
    const report = evaluateCapabilities(
      makeInput({ forge: 'gitlab', kind: 'personal', scopes: ['api'], require: ['webhooks'] }),
    );
    expect(report.capabilities.webhooks).toBe(true);
    expect(report.notes.join(' ')).toContain('Maintainer');
  });

  it('says whether the token can be edited and what to create instead', () => {
    const cases: [ForgeId, TokenKind, boolean, TokenKind | null][] = [
      ['github', 'classic', true, 'classic'],
      ['github', 'oauth', false, 'classic'],
      ['github', 'fine-grained', true, 'fine-grained'],
      ['github', 'app-installation', false, null],
      ['gitlab', 'personal', false, 'personal'],
      ['bitbucket', 'api_token', false, 'api_token'],
      ['bitbucket', 'access_token', false, 'access_token'],
      ['bitbucket', 'app_password', false, 'api_token'],
    ];
    for (const [forge, kind, editable, createAs] of cases) {
      const report = evaluateCapabilities(makeInput({ forge, kind, require: ['push'] }));
      expect([kind, report.tokenEditable, report.newTokenKind]).toEqual([kind, editable, createAs]);
    }
  });
});

describe('evaluateCapabilities: GitHub fine-grained and App tokens', () => {
  it.each(['fine-grained', 'app-user', 'app-installation'] as const)(
    '%s: every capability is unknown whatever scopes are passed',
    (kind) => {
      const report = evaluateCapabilities(
        makeInput({ kind, scopes: ['repo'], require: ['push', 'workflows'] }),
      );
      expect(Object.values(report.capabilities)).toEqual(CAPABILITIES.map(() => null));
      expect(report.missing).toEqual([]);
      expect(report.unknown).toEqual(['push', 'workflows']);
      expect(report.scopesToAdd).toEqual([]);
      expect(report.permissionsNeeded).toEqual(['Contents: write', 'Workflows: write', 'Metadata: read']);
    },
  );

  it('merges permissions at the highest access asked for', () => {
    const report = evaluateCapabilities(
      makeInput({ kind: 'fine-grained', scopes: null, require: [...CAPABILITIES] }),
    );
    expect(report.permissionsNeeded).toEqual([
      'Contents: write',
      'Workflows: write',
      'Administration: write',
      'Pull requests: write',
      'Webhooks: write',
      'Metadata: read',
    ]);
  });

  it('pre-fills the fine-grained page; App tokens have no page', () => {
    const fine = evaluateCapabilities(makeInput({ kind: 'fine-grained', require: ['push'] }));
    expect(fine.tokenPageUrl).toBe(
      'https://github.com/settings/personal-access-tokens/new?name=Forgekeeper&contents=write',
    );
    const app = evaluateCapabilities(makeInput({ kind: 'app-installation', require: ['push'] }));
    expect(app.tokenPageUrl).toBeNull();
  });
});

describe('evaluateCapabilities: kinds Forgekeeper does not use', () => {
  it.each([
    ['gitlab', 'deploy'],
    ['gitlab', 'ci-job'],
    ['github', 'app-refresh'],
  ] as const)('%s %s: nothing is granted; a personal token is suggested', (forge, kind) => {
    const report = evaluateCapabilities(
      makeInput({ forge, kind, scopes: ['write_repository', 'repo'], require: ['push'] }),
    );
    expect(Object.values(report.capabilities)).toEqual(CAPABILITIES.map(() => false));
    expect(report.missing).toEqual(['push']);
    expect(report.scopesToAdd).toEqual([]);
    expect(report.tokenEditable).toBe(false);
    expect(report.newTokenKind).toBe(forge === 'github' ? 'classic' : 'personal');
    expect(report.newTokenScopes.length).toBeGreaterThan(0);
  });
});

describe('evaluateCapabilities: scopesToAdd', () => {
  const cases: [ForgeId, TokenKind, string[], Capability[], string[]][] = [
    ['github', 'classic', [], [...CAPABILITIES], ['repo', 'workflow']],
    ['github', 'classic', [], ['create-repo'], ['repo']],
    ['github', 'classic', [], ['webhooks'], ['write:repo_hook']],
    ['github', 'classic', [], ['push', 'webhooks'], ['repo']],
    ['github', 'classic', ['repo'], ['workflows'], ['workflow']],
    // A public_repo token that lacks workflow is told to add repo too: we fix things in full.
    ['github', 'classic', ['public_repo'], ['workflows'], ['repo', 'workflow']],
    ['github', 'classic', ['repo', 'workflow'], [...CAPABILITIES], []],
    ['gitlab', 'personal', [], ['read'], ['read_api']],
    ['gitlab', 'personal', [], ['push'], ['write_repository']],
    ['gitlab', 'personal', [], ['create-repo'], ['api']],
    ['gitlab', 'personal', [], ['read', 'push'], ['api']],
    ['gitlab', 'personal', ['read_api'], ['push'], ['write_repository']],
    ['bitbucket', 'api_token', ['write:repository:bitbucket'], ['push'], ['read:repository:bitbucket']],
    [
      'bitbucket',
      'api_token',
      [],
      [...CAPABILITIES],
      [
        'read:repository:bitbucket',
        'admin:repository:bitbucket',
        'write:repository:bitbucket',
        'read:pullrequest:bitbucket',
        'write:pullrequest:bitbucket',
        'read:webhook:bitbucket',
        'write:webhook:bitbucket',
      ],
    ],
    [
      'bitbucket',
      'access_token',
      [],
      [...CAPABILITIES],
      ['repository:admin', 'pullrequest:write', 'webhook'],
    ],
    ['bitbucket', 'access_token', ['repository'], ['push'], ['repository:write']],
  ];
  it.each(cases)('%s %s granted [%s] require [%s] → [%s]', (forge, kind, scopes, require, expected) => {
    expect(evaluateCapabilities(makeInput({ forge, kind, scopes, require })).scopesToAdd).toEqual(expected);
  });
});
