import type { Capability } from '../../domain/capability.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { VaultStatus } from '../../domain/vault-status.js';
import type { CreateTokenInput, FaultInput, RunningSandbox, UpdateTokenInput } from '../../sandbox/index.js';
import type { Vault } from '../../services/vault/index.js';

const DAY = 86_400_000;

/** The sandbox forges as the demo's hosts: `sandbox-github`, `sandbox-gitlab`, `sandbox-bitbucket`. */
export const DEMO_HOSTS: Record<ForgeId, string> = {
  github: 'sandbox-github',
  gitlab: 'sandbox-gitlab',
  bitbucket: 'sandbox-bitbucket',
};

interface SeedCase {
  label: string;
  /** The status it should end with; the seed fails loudly when it does not. */
  expect: VaultStatus;
  describe: string;
  token: CreateTokenInput;
  require?: Capability[];
  /** What happens at the sandbox after the token is stored, before the vault checks it again. */
  after?: { update?: UpdateTokenInput; fault?: FaultInput };
}

function cases(now: number): SeedCase[] {
  const inDays = (days: number) => new Date(now + days * DAY).toISOString();
  const gitlabDate = (days: number) => inDays(days).slice(0, 10);
  const bitbucket = { login: 'bitbucketeer', email: 'bitbucketeer@example.com' } as const;
  return [
    {
      label: 'github-main',
      expect: 'active',
      describe: 'GitHub classic token, repo + workflow, 90 days left',
      token: {
        forge: 'github',
        kind: 'classic',
        login: 'octo',
        scopes: ['repo', 'workflow'],
        expiresAt: inDays(90),
      },
    },
    {
      label: 'github-ci',
      expect: 'expiring',
      describe: 'GitHub fine-grained token expiring in 10 days',
      token: {
        forge: 'github',
        kind: 'fine-grained',
        login: 'octo',
        permissions: { contents: 'write' },
        expiresAt: inDays(10),
      },
    },
    {
      label: 'github-no-workflow',
      expect: 'insufficient_scope',
      describe: 'GitHub classic token asked to push workflows without the workflow scope',
      token: { forge: 'github', kind: 'classic', login: 'octo', scopes: ['repo'], expiresAt: inDays(60) },
      require: ['push', 'workflows'],
    },
    {
      label: 'gitlab-work',
      expect: 'active',
      describe: 'GitLab personal access token, api + write_repository',
      token: {
        forge: 'gitlab',
        kind: 'personal',
        login: 'tanuki',
        scopes: ['api', 'write_repository'],
        expiresAt: gitlabDate(200),
      },
    },
    {
      label: 'gitlab-old',
      expect: 'expired',
      describe: 'GitLab token that expired after it was saved',
      token: {
        forge: 'gitlab',
        kind: 'personal',
        login: 'tanuki',
        scopes: ['read_api'],
        expiresAt: gitlabDate(30),
      },
      after: { update: { state: 'expired' } },
    },
    {
      label: 'gitlab-revoked',
      expect: 'invalid',
      describe: 'GitLab token revoked on the forge after it was saved',
      token: {
        forge: 'gitlab',
        kind: 'personal',
        login: 'tanuki',
        scopes: ['api'],
        expiresAt: gitlabDate(120),
      },
      after: { update: { state: 'revoked' } },
    },
    {
      label: 'bitbucket-api',
      expect: 'active',
      describe: 'Bitbucket API token (used with the account email)',
      token: {
        forge: 'bitbucket',
        kind: 'api_token',
        ...bitbucket,
        scopes: ['read:user:bitbucket', 'read:repository:bitbucket', 'write:repository:bitbucket'],
      },
    },
    {
      label: 'bitbucket-repo',
      expect: 'stale',
      describe: 'Bitbucket access token last checked while Bitbucket answered 503',
      token: { forge: 'bitbucket', kind: 'access_token', login: 'bitbucketeer', scopes: ['repository'] },
      after: { fault: { forge: 'bitbucket', type: 'status', status: 503 } },
    },
  ];
}

export interface SeededToken {
  label: string;
  status: VaultStatus;
  describe: string;
}

/**
 * Registers the sandbox forges as hosts and adds, for `ownerId`, one token of every status the
 * sandbox can produce: each is issued by the sandbox, saved through the vault (checked live), and
 * where a state comes later (expired, revoked, an outage) changed at the sandbox and checked again.
 */
export async function seedDemo(
  vault: Vault,
  sandbox: RunningSandbox,
  ownerId: string,
  actor: string,
): Promise<Result<SeededToken[], FkError>> {
  for (const forge of Object.keys(DEMO_HOSTS) as ForgeId[]) {
    const host = await vault.addHost({ forge, apiUrl: sandbox.urls[forge].api, name: DEMO_HOSTS[forge] });
    if (!host.ok) return host;
  }
  const seeded: SeededToken[] = [];
  for (const demo of cases(Date.now())) {
    const issued = await sandbox.control.createToken(demo.token);
    const added = await vault.add({
      ownerId,
      actor,
      raw: issued.token,
      forge: demo.token.forge,
      host: DEMO_HOSTS[demo.token.forge],
      label: demo.label,
      makeDefault: demo.after === undefined && demo.require === undefined,
      ...(demo.token.email === undefined ? {} : { email: demo.token.email }),
      ...(demo.require === undefined ? {} : { require: demo.require }),
    });
    if (!added.ok) return added;
    let status = added.value.record.status;
    if (demo.after !== undefined) {
      if (demo.after.update) await sandbox.control.updateToken(issued.id, demo.after.update);
      if (demo.after.fault) await sandbox.control.addFault(demo.after.fault);
      const checked = await vault.check({ ownerId, id: added.value.record.id, actor });
      await sandbox.control.clearFaults();
      if (!checked.ok) return checked;
      status = checked.value.record.status;
    }
    if (status !== demo.expect) {
      return err(
        fkError('internal_error', {
          message: `The demo token ${demo.label} ended ${status}, not ${demo.expect}.`,
        }),
      );
    }
    seeded.push({ label: demo.label, status, describe: demo.describe });
  }
  return ok(seeded);
}

export interface PasteableToken {
  forge: ForgeId;
  /** What to enter as the form's API URL (the sandbox forge's). */
  apiUrl: string;
  token: string;
  note: string;
}

/** Fresh sandbox tokens (not in the vault) for a visitor to paste into the Add-token form. */
export async function pasteableTokens(sandbox: RunningSandbox): Promise<PasteableToken[]> {
  const now = Date.now();
  const github = await sandbox.control.createToken({
    forge: 'github',
    kind: 'classic',
    login: 'octo',
    scopes: ['repo', 'workflow'],
    expiresAt: new Date(now + 30 * DAY).toISOString(),
  });
  const gitlab = await sandbox.control.createToken({
    forge: 'gitlab',
    kind: 'personal',
    login: 'tanuki',
    scopes: ['api'],
    expiresAt: new Date(now + 5 * DAY).toISOString().slice(0, 10),
  });
  const bitbucket = await sandbox.control.createToken({
    forge: 'bitbucket',
    kind: 'access_token',
    login: 'bitbucketeer',
    scopes: ['repository', 'pullrequest:write'],
  });
  return [
    {
      forge: 'github',
      apiUrl: sandbox.urls.github.api,
      token: github.token,
      note: 'classic, repo + workflow, 30 days',
    },
    {
      forge: 'gitlab',
      apiUrl: sandbox.urls.gitlab.api,
      token: gitlab.token,
      note: 'personal, api, expires in 5 days',
    },
    {
      forge: 'bitbucket',
      apiUrl: sandbox.urls.bitbucket.api,
      token: bitbucket.token,
      note: 'repository access token',
    },
  ];
}
