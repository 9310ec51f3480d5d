import { CAPABILITIES, type Capability } from '../capability.js';
import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import { newTokenScopes } from './evaluate.js';
import { GITHUB_IMPLIED } from './expand-scopes.js';
import { grantModel } from './grant-model.js';
import { scopeLabels } from './kind-labels.js';
import { formatPermission, mergePermissions, pickerAccess } from './permissions.js';
import { ATLASSIAN_API_TOKENS_URL, DEFAULT_TOKEN_NAME, tokenPageUrl } from './token-page.js';
import type { GitHubPermission, GrantModel } from './types.js';

/** Data for a "create a token" panel; the UI decides how to show it. */
export interface TokenCreationGuide {
  /** The pre-filled creation page, or null where there is no single page. */
  url: string | null;
  /** What to click and tick, in order, in plain words. */
  steps: string[];
  /** What to select: scope names, or for GitHub fine-grained / App tokens permissions such as `Contents: write`. */
  scopes: string[];
}

/**
 * Step-by-step instructions to create a token of the kind to use instead of / alongside `kind` (a
 * Bitbucket app password is replaced by an API token) with exactly what `require` needs. Menu names
 * follow the forges' docs: docs.github.com "Managing your personal access tokens"; GitLab
 * `personal_access_tokens.md`; support.atlassian.com "Using API tokens" and "Create a Repository
 * Access Token".
 */
export function tokenCreationGuide(
  forge: ForgeId,
  kind: TokenKind,
  webUrl: string,
  require: readonly Capability[],
  options: { name?: string } = {},
): TokenCreationGuide {
  const required = CAPABILITIES.filter((capability) => require.includes(capability));
  const name = options.name ?? DEFAULT_TOKEN_NAME;
  const model = grantModel(forge, kind);
  const notes = roleNotes(forge, model, required).map((note) => `Note: ${note}`);
  if (model.type === 'permissions') {
    const permissions = mergePermissions(model.permissions, required);
    const guide =
      model.createAs === null ? githubAppGuide(permissions) : fineGrainedGuide(webUrl, name, permissions);
    return { ...guide, steps: [...guide.steps, ...notes] };
  }
  const createAs = model.createAs;
  const scopes = newTokenScopes(forge, createAs, required);
  const url = tokenPageUrl({ forge, kind: createAs, webUrl, scopes, name });
  const steps = scopeSteps(forge, createAs, webUrl, name, scopes, url);
  const lead =
    kind === 'app_password'
      ? ['Bitbucket app passwords stopped working on 2026-07-28; create an API token with scopes instead.']
      : [];
  return { url, steps: [...lead, ...steps, ...notes], scopes };
}

/** Notes of the kind that will be created: roles that are not scopes, kinds that cannot do something. */
function roleNotes(forge: ForgeId, model: GrantModel, required: readonly Capability[]): string[] {
  if (model.type === 'permissions') return required.length > 0 && model.note ? [model.note] : [];
  const created = grantModel(forge, model.createAs);
  if (created.type !== 'scopes') return [];
  return required.flatMap((capability) => created.requirements[capability].note ?? []);
}

function scopeSteps(
  forge: ForgeId,
  kind: TokenKind,
  webUrl: string,
  name: string,
  scopes: readonly string[],
  url: string | null,
): string[] {
  const open = (menu: string) => (url === null ? `Go to ${menu}.` : `Open ${url} (or go to ${menu}).`);
  const tick =
    scopes.length > 0 ? `Tick these scopes: ${githubTicks(forge, scopes)}.` : 'No scopes are needed.';
  switch (forge) {
    case 'github':
      return [
        open(
          'your profile picture → Settings → Developer settings → Personal access tokens → Tokens (classic) → Generate new token → Generate new token (classic)',
        ),
        `In "Note", enter "${name}".`,
        'Under "Expiration", choose when the token should stop working.',
        tick,
        'Click "Generate token" and copy the token now: GitHub shows it only once.',
        'If an organization uses SAML single sign-on, click "Configure SSO" next to the token and authorize it for that organization.',
      ];
    case 'gitlab':
      return [
        open('your avatar → Edit profile → Access tokens (Personal access tokens) → Add new token'),
        `In "Token name", enter "${name}", and choose an expiration date.`,
        tick,
        'Click "Create token" and copy the token now: GitLab shows it only once.',
      ];
    case 'bitbucket':
      return kind === 'access_token'
        ? accessTokenSteps(webUrl, name, scopes)
        : [
            `Open ${ATLASSIAN_API_TOKENS_URL} (your Atlassian account → Security → API tokens).`,
            'Click "Create API token with scopes" (a token without scopes does not work with Bitbucket).',
            `Name it "${name}" and choose an expiry date.`,
            'Choose "Bitbucket" as the app.',
            tick,
            'Click "Create token" and copy the token now: it is shown only once.',
            'In Forgekeeper, give your Atlassian account email together with the token.',
          ];
  }
}

function accessTokenSteps(webUrl: string, name: string, scopes: readonly string[]): string[] {
  const boxes = scopeLabels('access_token', scopes).join(', ');
  return [
    `On ${webUrl}, open the repository the token is for (project and workspace tokens are made the same way in the project's or workspace's settings; workspace tokens need Premium).`,
    'In the sidebar choose "Repository settings", then under "Security" choose "Access tokens".',
    `Click "Create Repository Access Token" and name it "${name}".`,
    scopes.length > 0 ? `Tick the permissions ${boxes}.` : 'No permissions are needed.',
    'Click "Create" and copy the token now: Bitbucket shows it only once and it cannot be edited later.',
  ];
}

/** GitHub's classic form nests child scopes under their parent: say where to find them. */
function githubTicks(forge: ForgeId, scopes: readonly string[]): string {
  if (forge !== 'github') return scopes.join(', ');
  return scopes
    .map((scope) => {
      const parent = Object.keys(GITHUB_IMPLIED).find((key) => GITHUB_IMPLIED[key]?.includes(scope));
      return parent === undefined ? scope : `${scope} (under ${parent})`;
    })
    .join(', ');
}

function fineGrainedGuide(webUrl: string, name: string, permissions: readonly GitHubPermission[]) {
  const url = tokenPageUrl({ forge: 'github', kind: 'fine-grained', webUrl, permissions, name });
  const settings = permissions
    .filter((permission) => permission.param !== 'metadata')
    .map((permission) => `${permission.label} → ${pickerAccess(permission)}`)
    .join(', ');
  const steps = [
    url === null
      ? 'Go to your profile picture → Settings → Developer settings → Personal access tokens → Fine-grained tokens → Generate new token.'
      : `Open ${url} (or go to your profile picture → Settings → Developer settings → Personal access tokens → Fine-grained tokens → Generate new token).`,
    `In "Token name", enter "${name}", and choose an expiration.`,
    'Under "Resource owner", choose your account or the organization that owns the repositories.',
    'Under "Repository access", choose "All repositories" (needed to create repositories) or "Only select repositories".',
    settings === ''
      ? 'No repository permissions are needed beyond Metadata (always granted).'
      : `Under "Permissions" → "Repository permissions", set ${settings} (Metadata → Read-only is always granted).`,
    'Click "Generate token" and copy the token now: GitHub shows it only once.',
    'If the organization requires approval for fine-grained tokens, the token stays pending until an owner approves it.',
  ];
  return { url, steps, scopes: permissions.map(formatPermission) };
}

function githubAppGuide(permissions: readonly GitHubPermission[]) {
  const settings = permissions.map((permission) => `${permission.label} → ${pickerAccess(permission)}`);
  return {
    url: null,
    steps: [
      'In the GitHub App\'s settings (Settings → Developer settings → GitHub Apps → the app → "Permissions & events"), under "Repository permissions" set:',
      ...settings,
      'Save, then accept the new permissions on every installation of the app.',
    ],
    scopes: permissions.map(formatPermission),
  };
}
