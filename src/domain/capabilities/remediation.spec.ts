import { describe, expect, it } from 'vitest';
import { type EvaluateInput, evaluateCapabilities } from './evaluate.js';
import { remediation } from './remediation.js';

function sentence(overrides: Partial<EvaluateInput>): string | null {
  return remediation(
    evaluateCapabilities({
      forge: 'github',
      kind: 'classic',
      scopes: [],
      require: [],
      webUrl: 'https://github.com',
      ...overrides,
    }),
  );
}

describe('remediation', () => {
  it('is null when nothing is missing or unknown', () => {
    expect(sentence({ scopes: ['repo'], require: ['push'] })).toBeNull();
    expect(sentence({ require: [] })).toBeNull();
  });

  it('GitHub classic: add the scopes, with the pre-filled page', () => {
    expect(sentence({ scopes: [], require: ['push', 'workflows'] })).toBe(
      'Add the scopes repo, workflow to this token (or create a new one): https://github.com/settings/tokens/new?scopes=repo,workflow&description=Forgekeeper',
    );
  });

  it('GitHub classic: names only what is missing, the page has the full set', () => {
    expect(sentence({ scopes: ['repo'], require: ['push', 'workflows'], tokenName: 'CI' })).toBe(
      'Add the scopes workflow to this token (or create a new one): https://github.com/settings/tokens/new?scopes=repo,workflow&description=CI',
    );
  });

  it('GitHub fine-grained: edit the permissions', () => {
    expect(sentence({ kind: 'fine-grained', scopes: null, require: ['push', 'workflows'] })).toBe(
      "Edit the token's permissions so it has Contents: write, Workflows: write, Metadata: read (GitHub does not show them to us), or create a new token: https://github.com/settings/personal-access-tokens/new?name=Forgekeeper&contents=write&workflows=write",
    );
  });

  it('GitHub App token: ask the app owner', () => {
    expect(sentence({ kind: 'app-installation', scopes: null, require: ['push'] })).toBe(
      "This token has the permissions of its GitHub App, which GitHub does not show: ask the app's owner to grant Contents: write, Metadata: read.",
    );
  });

  it('GitHub OAuth: create a classic PAT instead', () => {
    expect(sentence({ kind: 'oauth', scopes: ['read:user'], require: ['push'] })).toBe(
      "An OAuth token's scopes come from the app that created it: create a personal access token (classic) with the scopes repo instead: https://github.com/settings/tokens/new?scopes=repo&description=Forgekeeper",
    );
  });

  it('GitLab: scopes cannot be changed, create a new token with the full set', () => {
    expect(
      sentence({
        forge: 'gitlab',
        kind: 'personal',
        scopes: ['read_api'],
        require: ['read', 'push'],
        webUrl: 'https://example.com/gitlab',
      }),
    ).toBe(
      "GitLab does not let a token's scopes be changed: create a new personal access token with the scopes api and replace this one: https://example.com/gitlab/-/user_settings/personal_access_tokens?name=Forgekeeper&scopes=api",
    );
  });

  it('Bitbucket API token: read and write both listed', () => {
    expect(
      sentence({
        forge: 'bitbucket',
        kind: 'api_token',
        scopes: ['write:repository:bitbucket'],
        require: ['push'],
        webUrl: 'https://bitbucket.org',
      }),
    ).toBe(
      "Bitbucket does not let a token's scopes be changed: create a new API token with the scopes read:repository:bitbucket, write:repository:bitbucket and replace this one: https://id.atlassian.com/manage-profile/security/api-tokens",
    );
  });

  it('Bitbucket access token: the form labels and where to find the form', () => {
    expect(
      sentence({
        forge: 'bitbucket',
        kind: 'access_token',
        scopes: ['repository'],
        require: ['push'],
        webUrl: 'https://bitbucket.org',
      }),
    ).toBe(
      "Bitbucket does not let a token's scopes be changed: create a new access token with the scopes Repositories: Write and replace this one (in the repository, choose Repository settings, then Security, then Access tokens).",
    );
  });

  it('Bitbucket app password: replace it with an API token', () => {
    expect(
      sentence({
        forge: 'bitbucket',
        kind: 'app_password',
        scopes: ['repository'],
        require: ['push'],
        webUrl: 'https://bitbucket.org',
      }),
    ).toBe(
      'Bitbucket app passwords stopped working on 2026-07-28: create an API token with the scopes read:repository:bitbucket, write:repository:bitbucket and use it with your Atlassian account email: https://id.atlassian.com/manage-profile/security/api-tokens',
    );
  });

  it('unreported scopes: make sure the token has them', () => {
    expect(sentence({ scopes: null, require: ['webhooks'] })).toBe(
      "GitHub did not report this token's scopes; make sure it has write:repo_hook, or create a new token with them: https://github.com/settings/tokens/new?scopes=write:repo_hook&description=Forgekeeper",
    );
  });

  it('a kind Forgekeeper does not use: create a personal token', () => {
    expect(
      sentence({
        forge: 'gitlab',
        kind: 'deploy',
        scopes: ['write_repository'],
        require: ['push'],
        webUrl: 'https://gitlab.com',
      }),
    ).toBe(
      'This deploy token cannot be used for this: create a personal access token with the scopes write_repository: https://gitlab.com/-/user_settings/personal_access_tokens?name=Forgekeeper&scopes=write_repository',
    );
  });
});
