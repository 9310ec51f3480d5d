/**
 * What a user needs a token for. Stable names: they appear in `--require`, `--json` and the API.
 * - read: list repositories and branches, read contents
 * - create-repo: create repositories
 * - push: push commits (git over HTTPS or the forge's commit API)
 * - workflows: change CI workflow files (GitHub `.github/workflows/*`)
 * - pull-requests: open pull / merge requests
 * - webhooks: create repository webhooks
 */
export const CAPABILITIES = [
  'read',
  'create-repo',
  'push',
  'workflows',
  'pull-requests',
  'webhooks',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}
