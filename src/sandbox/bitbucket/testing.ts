import type { SandboxRepo } from '../git/types.js';
import { basic } from '../testing/sandbox-fixture.js';
import { type StateSandbox, useStateSandbox } from '../testing/state-sandbox.js';

/*
 * Test support for the Bitbucket repository routes: the in-process sandbox of state-sandbox.ts, with
 * Bitbucket's tokens and repositories made directly in its store.
 */

export interface BitbucketTestSandbox extends StateSandbox {
  /** An API token for `login` with exactly `scopes`, as the Basic header value. */
  apiToken(scopes: string[], login?: string): Promise<string>;
  /** An access token (Bearer header value) for `login` with classic `scopes`. */
  accessToken(scopes: string[], login?: string): Promise<string>;
  /** A repository made directly in the store, owned by `owner`'s workspace. */
  repo(
    owner: string,
    name: string,
    options?: { private?: boolean; initialize?: boolean },
  ): Promise<SandboxRepo>;
}

export function useBitbucketSandbox(): BitbucketTestSandbox {
  const sandbox = useStateSandbox();
  const token = async (input: Record<string, unknown>) =>
    String((await sandbox.control.createToken(input)).token);
  const bitbucket: Omit<BitbucketTestSandbox, keyof StateSandbox> = {
    async apiToken(scopes, login = 'bucky') {
      const value = await token({
        forge: 'bitbucket',
        kind: 'api_token',
        login,
        email: `${login}@example.com`,
        scopes,
      });
      return basic(`${login}@example.com`, value);
    },
    async accessToken(scopes, login = 'repo-bot') {
      return `Bearer ${await token({ forge: 'bitbucket', kind: 'access_token', login, scopes })}`;
    },
    async repo(owner, name, options = {}) {
      const { state } = sandbox;
      state.accounts.ensure('bitbucket', { login: owner }, state.clock.nowMs());
      return state.repos.create(
        {
          forge: 'bitbucket',
          owner,
          ownerKind: 'user',
          name,
          creatorLogin: owner,
          private: options.private ?? true,
          description: '',
          defaultBranch: 'main',
          initialize: options.initialize ?? true,
          projectKey: null,
        },
        state.clock.nowMs(),
      );
    },
  };
  return Object.assign(sandbox, bitbucket);
}
