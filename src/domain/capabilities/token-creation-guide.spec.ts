import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../capability.js';
import { tokenCreationGuide } from './token-creation-guide.js';

describe('tokenCreationGuide', () => {
  it('GitHub classic: pre-filled page, the scopes to tick, nested scopes located', () => {
    const guide = tokenCreationGuide('github', 'classic', 'https://ghe.example.com', ['webhooks']);
    expect(guide.url).toBe(
      'https://ghe.example.com/settings/tokens/new?scopes=write:repo_hook&description=Forgekeeper',
    );
    expect(guide.scopes).toEqual(['write:repo_hook']);
    expect(guide.steps).toContain('Tick these scopes: write:repo_hook (under admin:repo_hook).');
    expect(guide.steps[0]).toContain('Tokens (classic)');
  });

  it('GitHub fine-grained: the permissions to set, by picker name', () => {
    const guide = tokenCreationGuide('github', 'fine-grained', 'https://github.com', ['create-repo', 'push']);
    expect(guide.scopes).toEqual(['Contents: write', 'Administration: write', 'Metadata: read']);
    expect(guide.url).toBe(
      'https://github.com/settings/personal-access-tokens/new?name=Forgekeeper&contents=write&administration=write',
    );
    expect(guide.steps.join('\n')).toContain('Contents → Read and write, Administration → Read and write');
    expect(guide.steps.join('\n')).toContain('All repositories');
  });

  it('GitHub App tokens: no page, set the permissions in the app', () => {
    const guide = tokenCreationGuide('github', 'app-installation', 'https://github.com', ['push']);
    expect(guide.url).toBeNull();
    expect(guide.steps).toContain('Contents → Read and write');
  });

  it('GitLab: scopes and the Maintainer note for webhooks, on a sub-path install', () => {
    const guide = tokenCreationGuide(
      'gitlab',
      'personal',
      'https://example.com/gitlab',
      ['push', 'webhooks'],
      {
        name: 'deploy bot',
      },
    );
    expect(guide.url).toBe(
      'https://example.com/gitlab/-/user_settings/personal_access_tokens?name=deploy+bot&scopes=api',
    );
    expect(guide.scopes).toEqual(['api']);
    expect(guide.steps).toContain('Tick these scopes: api.');
    expect(guide.steps.some((step) => step.startsWith('Note:') && step.includes('Maintainer'))).toBe(true);
  });

  it('Bitbucket API token: every scope explicit, and the email reminder', () => {
    const guide = tokenCreationGuide('bitbucket', 'api_token', 'https://bitbucket.org', [
      'push',
      'pull-requests',
    ]);
    expect(guide.url).toBe('https://id.atlassian.com/manage-profile/security/api-tokens');
    expect(guide.scopes).toEqual([
      'read:repository:bitbucket',
      'write:repository:bitbucket',
      'read:pullrequest:bitbucket',
      'write:pullrequest:bitbucket',
    ]);
    expect(guide.steps.join('\n')).toContain('Create API token with scopes');
    expect(guide.steps.join('\n')).toContain('Atlassian account email');
  });

  it('Bitbucket app password: guides to an API token instead', () => {
    const guide = tokenCreationGuide('bitbucket', 'app_password', 'https://bitbucket.org', ['push']);
    expect(guide.steps[0]).toContain('stopped working on 2026-07-28');
    expect(guide.scopes).toEqual(['read:repository:bitbucket', 'write:repository:bitbucket']);
  });

  it('Bitbucket access token: no single page; the form labels to tick', () => {
    const guide = tokenCreationGuide('bitbucket', 'access_token', 'https://bitbucket.org', [
      'push',
      'webhooks',
    ]);
    expect(guide.url).toBeNull();
    expect(guide.scopes).toEqual(['repository:write', 'webhook']);
    expect(guide.steps).toContain('Tick the permissions Repositories: Write, Webhooks: Read and write.');
    expect(guide.steps.join('\n')).toContain('Repository settings');
  });

  it('every forge and personal kind gives steps for every set of capabilities', () => {
    const kinds = [
      ['github', 'classic'],
      ['github', 'fine-grained'],
      ['gitlab', 'personal'],
      ['bitbucket', 'api_token'],
      ['bitbucket', 'access_token'],
    ] as const;
    for (const [forge, kind] of kinds) {
      const guide = tokenCreationGuide(forge, kind, 'https://forge.example', [...CAPABILITIES]);
      expect(guide.steps.length).toBeGreaterThan(3);
      expect(guide.scopes.length).toBeGreaterThan(0);
    }
  });
});
