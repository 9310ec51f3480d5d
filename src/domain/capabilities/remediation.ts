import { FORGE_NAMES } from '../forge.js';
import type { CapabilityReport } from './evaluate.js';
import { grantModel } from './grant-model.js';
import { scopeLabels, tokenKindLabel } from './kind-labels.js';

/**
 * One plain sentence telling a person how to give the token what the required capabilities need,
 * with the pre-filled token page where there is one. `null` when nothing is missing or unknown.
 *
 * Examples:
 * - "Add the scopes repo, workflow to this token (or create a new one): https://github.com/settings/tokens/new?scopes=repo,workflow&description=Forgekeeper"
 * - "Edit the token's permissions so it has Contents: write, Workflows: write, Metadata: read (GitHub does not show them to us), or create a new token: https://github.com/settings/personal-access-tokens/new?…"
 */
export function remediation(report: CapabilityReport): string | null {
  if (report.missing.length === 0 && report.unknown.length === 0) return null;
  const forge = FORGE_NAMES[report.forge];
  const at = report.tokenPageUrl === null ? settingsHint(report) : `: ${report.tokenPageUrl}`;

  const model = grantModel(report.forge, report.kind);
  if (model.type === 'permissions') {
    const permissions = report.permissionsNeeded.join(', ');
    if (report.newTokenKind === null) {
      return `This token has the permissions of its GitHub App, which ${forge} does not show: ask the app's owner to grant ${permissions}.`;
    }
    return `Edit the token's permissions so it has ${permissions} (${forge} does not show them to us), or create a new token${at}`;
  }

  const kind = report.newTokenKind ?? report.kind;
  const fresh = scopeLabels(kind, report.newTokenScopes).join(', ');

  if (model.type === 'unsupported') {
    return `This ${tokenKindLabel(report.kind)} cannot be used for this: create ${withArticle(tokenKindLabel(kind))} with the scopes ${fresh}${at}`;
  }
  if (report.kind === 'app_password') {
    return `Bitbucket app passwords stopped working on 2026-07-28: create an API token with the scopes ${fresh} and use it with your Atlassian account email${at}`;
  }
  if (report.unknown.length > 0) {
    return `${forge} did not report this token's scopes; make sure it has ${fresh}, or create a new token with them${at}`;
  }
  if (report.tokenEditable) {
    return `Add the scopes ${report.scopesToAdd.join(', ')} to this token (or create a new one)${at}`;
  }
  if (report.kind === 'oauth') {
    return `An OAuth token's scopes come from the app that created it: create ${withArticle(tokenKindLabel(kind))} with the scopes ${fresh} instead${at}`;
  }
  return `${forge} does not let a token's scopes be changed: create a new ${tokenKindLabel(kind)} with the scopes ${fresh} and replace this one${at}`;
}

function withArticle(label: string): string {
  return /^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`;
}

/** Where to go when there is no single page (Bitbucket access tokens). */
function settingsHint(report: CapabilityReport): string {
  if (report.forge === 'bitbucket') {
    return ' (in the repository, choose Repository settings, then Security, then Access tokens).';
  }
  return '.';
}
