import type { CreateTokenInput } from '../index.js';

/** Token inputs for tests: `makeX(overrides)` instead of copied setup blocks. Test support only. */
type Of<K extends CreateTokenInput['kind']> = Extract<CreateTokenInput, { kind: K }>;

export const githubClassic = (overrides: Partial<Of<'classic'>> = {}): Of<'classic'> => ({
  forge: 'github',
  kind: 'classic',
  login: 'octo',
  scopes: ['repo'],
  ...overrides,
});

export const githubFineGrained = (overrides: Partial<Of<'fine-grained'>> = {}): Of<'fine-grained'> => ({
  forge: 'github',
  kind: 'fine-grained',
  login: 'octo',
  ...overrides,
});

export const gitlabPersonal = (overrides: Partial<Of<'personal'>> = {}): Of<'personal'> => ({
  forge: 'gitlab',
  kind: 'personal',
  login: 'tanuki',
  scopes: ['api'],
  ...overrides,
});

export const bitbucketApiToken = (overrides: Partial<Of<'api_token'>> = {}): Of<'api_token'> => ({
  forge: 'bitbucket',
  kind: 'api_token',
  login: 'bucky',
  email: 'bucky@example.com',
  scopes: ['read:user:bitbucket'],
  ...overrides,
});

export const bitbucketAccessToken = (overrides: Partial<Of<'access_token'>> = {}): Of<'access_token'> => ({
  forge: 'bitbucket',
  kind: 'access_token',
  login: 'repo-bot',
  scopes: ['repository', 'pullrequest'],
  ...overrides,
});

export const bitbucketAppPassword = (overrides: Partial<Of<'app_password'>> = {}): Of<'app_password'> => ({
  forge: 'bitbucket',
  kind: 'app_password',
  login: 'bucky',
  scopes: ['account', 'repository'],
  ...overrides,
});
