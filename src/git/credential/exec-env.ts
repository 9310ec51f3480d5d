import type { TokenView } from '../../services/vault/index.js';
import { locationOf } from './git-location.js';

/**
 * The environment variables `forgekeeper exec` gives a command for one token (docs/ci.md): the
 * names the forges' own CLIs and common CI tools read. GitHub: `GH_TOKEN` and `GITHUB_TOKEN` (gh,
 * most actions), plus `GH_ENTERPRISE_TOKEN`/`GITHUB_ENTERPRISE_TOKEN` and `GH_HOST` for another
 * host. GitLab: `GITLAB_TOKEN` (glab), plus `GITLAB_HOST` for another host. Bitbucket: API tokens
 * `BITBUCKET_API_TOKEN` with `BITBUCKET_EMAIL` (REST needs both, forges.md §3.1), access tokens
 * `BITBUCKET_ACCESS_TOKEN`, app passwords `BITBUCKET_APP_PASSWORD` with `BITBUCKET_USERNAME`.
 */
export function tokenVariables(token: TokenView, secret: string, webUrl: string): Record<string, string> {
  const host = locationOf(webUrl)?.host ?? '';
  switch (token.forge) {
    case 'github': {
      const vars: Record<string, string> = { GH_TOKEN: secret, GITHUB_TOKEN: secret };
      if (host !== 'github.com')
        Object.assign(vars, { GH_ENTERPRISE_TOKEN: secret, GITHUB_ENTERPRISE_TOKEN: secret, GH_HOST: host });
      return vars;
    }
    case 'gitlab':
      return host === 'gitlab.com' ? { GITLAB_TOKEN: secret } : { GITLAB_TOKEN: secret, GITLAB_HOST: webUrl };
    case 'bitbucket':
      if (token.kind === 'access_token') return { BITBUCKET_ACCESS_TOKEN: secret };
      if (token.kind === 'app_password') {
        return {
          BITBUCKET_APP_PASSWORD: secret,
          ...(token.account?.login ? { BITBUCKET_USERNAME: token.account.login } : {}),
        };
      }
      return {
        BITBUCKET_API_TOKEN: secret,
        ...(token.email === null ? {} : { BITBUCKET_EMAIL: token.email }),
      };
  }
}

/**
 * `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n` (git ≥ 2.31) that make git in the
 * child ask Forgekeeper, after any such entries the environment already has; with useHttpPath on,
 * so repository rules apply. Nothing is written to a git config file.
 */
export function gitConfigVariables(env: NodeJS.ProcessEnv, helper: string): Record<string, string> {
  const existing = Number(env.GIT_CONFIG_COUNT ?? '0');
  const start = Number.isInteger(existing) && existing > 0 ? existing : 0;
  const entries: [string, string][] = [
    ['credential.helper', helper],
    ['credential.useHttpPath', 'true'],
  ];
  const vars: Record<string, string> = { GIT_CONFIG_COUNT: String(start + entries.length) };
  entries.forEach(([key, value], index) => {
    vars[`GIT_CONFIG_KEY_${start + index}`] = key;
    vars[`GIT_CONFIG_VALUE_${start + index}`] = value;
  });
  return vars;
}
