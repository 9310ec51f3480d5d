import { isoSeconds } from '../clock.js';
import type { SandboxState } from '../state.js';
import type { SandboxForge } from '../types.js';
import type { SandboxDelivery, SandboxRepo } from './types.js';

/** A repository as the control API shows it. */
export interface RepoView {
  forge: SandboxForge;
  id: number;
  owner: string;
  name: string;
  fullName: string;
  ownerKind: 'user' | 'org';
  creator: string;
  private: boolean;
  description: string;
  defaultBranch: string;
  projectKey: string | null;
  createdAt: string;
  /** `{web}/{owner}/{name}.git`, for `git clone` (credentials through a helper, never in the URL). */
  cloneUrl: string | null;
  collaborators: string[];
  protectedBranches: string[];
  /** Name order. */
  branches: { name: string; sha: string }[];
  pulls: number;
  hooks: number;
}

/** A webhook delivery as the control API shows it. */
export interface DeliveryView extends Omit<SandboxDelivery, 'atMs'> {
  at: string;
}

export async function repoView(state: SandboxState, repo: SandboxRepo): Promise<RepoView> {
  const web = state.urls?.[repo.forge].web;
  return {
    forge: repo.forge,
    id: repo.id,
    owner: repo.owner,
    name: repo.name,
    fullName: repo.fullName,
    ownerKind: repo.ownerKind,
    creator: repo.creatorLogin,
    private: repo.private,
    description: repo.description,
    defaultBranch: repo.defaultBranch,
    projectKey: repo.projectKey,
    createdAt: isoSeconds(repo.createdAtMs),
    cloneUrl: web ? `${web}/${repo.fullName}.git` : null,
    collaborators: [...repo.collaborators].sort(),
    protectedBranches: [...repo.protectedBranches].sort(),
    branches: await state.repos.branches(repo),
    pulls: repo.pulls.length,
    hooks: repo.hooks.length,
  };
}

export function deliveryView(delivery: SandboxDelivery): DeliveryView {
  const { atMs, ...rest } = delivery;
  return { ...rest, at: new Date(atMs).toISOString() };
}
