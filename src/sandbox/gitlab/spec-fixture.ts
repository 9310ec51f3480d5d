import { gitlabPersonal } from '../testing/factories.js';
import { type Answer, type CallInit, call } from '../testing/sandbox-fixture.js';
import { type StateSandbox, useStateSandbox } from '../testing/state-sandbox.js';

/**
 * A sandbox for the GitLab route specs with its state in reach, so a commit made through the API can
 * be read back from the store (`state.repos.readFile`). Test support only.
 */
export interface GitLabSpecSandbox extends StateSandbox {
  /** A token for `login` with `scopes`; the plaintext stays in memory. */
  token(login?: string, scopes?: string[]): Promise<string>;
  /** A GitLab API call with `PRIVATE-TOKEN`; a body is sent as JSON. */
  api(token: string, method: string, path: string, body?: unknown, init?: CallInit): Promise<Answer>;
}

export function useGitLabSandbox(): GitLabSpecSandbox {
  const sandbox = useStateSandbox();
  const gitlab: Omit<GitLabSpecSandbox, keyof StateSandbox> = {
    async token(login = 'tanuki', scopes = ['api']) {
      return (await sandbox.control.createToken(gitlabPersonal({ login, scopes }))).token;
    },
    api(token, method, path, body, init = {}) {
      return call(`${sandbox.urls.gitlab.api}${path}`, {
        method,
        ...init,
        headers: {
          'private-token': token,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: body === undefined ? init.body : JSON.stringify(body),
      });
    },
  };
  return Object.assign(sandbox, gitlab);
}
