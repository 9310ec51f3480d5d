/** The forges Forgekeeper speaks to. Brands are spelled GitHub, GitLab, Bitbucket everywhere. */
export const FORGES = ['github', 'gitlab', 'bitbucket'] as const;

export type ForgeId = (typeof FORGES)[number];

export const FORGE_NAMES: Record<ForgeId, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
};

export function isForgeId(value: unknown): value is ForgeId {
  return typeof value === 'string' && (FORGES as readonly string[]).includes(value);
}
