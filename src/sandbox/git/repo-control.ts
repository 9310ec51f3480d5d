import type { z } from 'zod';
import { AccountConflictError } from '../accounts.js';
import {
  type CreateRepoControlInput,
  collaboratorSchema,
  createRepoSchema,
  deliveriesQuerySchema,
  protectBranchSchema,
  reposQuerySchema,
} from '../control-schemas.js';
import type { SandboxState } from '../state.js';
import { SANDBOX_FORGES, type SandboxForge } from '../types.js';
import { GitInputError } from './git-names.js';
import { RepoExistsError } from './repo-store.js';
import { type DeliveryView, deliveryView, type RepoView, repoView } from './repo-view.js';
import type { SandboxRepo } from './types.js';

/** The repository part of the control API (docs/sandbox.md, "Repositories and git hosting"). */
export interface RepoControl {
  /** `POST /repos`: a repository made directly, for test setup. */
  createRepo(input: CreateRepoControlInput): Promise<RepoView>;
  /** `GET /repos?forge=` */
  listRepos(filter?: { forge?: SandboxForge }): Promise<RepoView[]>;
  /** `POST /repos/{forge}/{id}/protect {"branch": …}`: pushes and API commits to it are refused. */
  protectBranch(forge: string, id: string | number, input: { branch: string }): Promise<RepoView>;
  /** `POST /repos/{forge}/{id}/collaborators {"login": …}`: may push; may read a private repository. */
  addCollaborator(forge: string, id: string | number, input: { login: string }): Promise<RepoView>;
  /** `GET /deliveries?forge=&limit=`: webhook deliveries, oldest first (the last `limit`). */
  listDeliveries(filter?: { forge?: SandboxForge; limit?: number }): Promise<DeliveryView[]>;
}

/** The same operations taking unvalidated input, as the HTTP routes receive it. */
export interface RepoControlApi {
  createRepo(input: unknown): Promise<RepoView>;
  listRepos(filter?: unknown): Promise<RepoView[]>;
  protectBranch(forge: string, id: string | number, input: unknown): Promise<RepoView>;
  addCollaborator(forge: string, id: string | number, input: unknown): Promise<RepoView>;
  listDeliveries(filter?: unknown): Promise<DeliveryView[]>;
}

type Parse = <T extends z.ZodType>(schema: T, input: unknown, what: string) => z.infer<T>;
type Refuse = (status: 400 | 404 | 409, message: string) => Error;

export function createRepoControl(state: SandboxState, parse: Parse, refuse: Refuse): RepoControlApi {
  const find = (forge: string, id: string | number): SandboxRepo => {
    const known = SANDBOX_FORGES.find((candidate) => candidate === forge);
    const repo = known ? state.repos.byId(known, Number(id)) : undefined;
    if (!repo) throw refuse(404, `no ${forge} repository with id ${id}`);
    return repo;
  };

  return {
    async createRepo(input) {
      const request = parse(createRepoSchema, input, 'repository');
      const owner = request.owner ?? request.creator;
      try {
        state.accounts.ensure(request.forge, { login: request.creator }, state.clock.nowMs());
        const repo = await state.repos.create(
          {
            forge: request.forge,
            owner,
            ownerKind:
              request.ownerKind ?? (owner.toLowerCase() === request.creator.toLowerCase() ? 'user' : 'org'),
            name: request.name,
            creatorLogin: request.creator,
            private: request.private,
            description: request.description,
            defaultBranch: request.defaultBranch,
            initialize: request.initialize,
            projectKey: request.projectKey ?? null,
          },
          state.clock.nowMs(),
        );
        return repoView(state, repo);
      } catch (error) {
        if (error instanceof RepoExistsError || error instanceof AccountConflictError) {
          throw refuse(409, error.message);
        }
        if (error instanceof GitInputError) throw refuse(400, error.message);
        throw error;
      }
    },
    async listRepos(filter = {}) {
      const { forge } = parse(reposQuerySchema, filter, 'repositories filter');
      const repos = (forge ? [forge] : SANDBOX_FORGES).flatMap((one) => state.repos.list(one));
      return Promise.all(repos.map((repo) => repoView(state, repo)));
    },
    async protectBranch(forge, id, input) {
      const repo = find(forge, id);
      repo.protectedBranches.add(parse(protectBranchSchema, input, 'protection').branch);
      return repoView(state, repo);
    },
    async addCollaborator(forge, id, input) {
      const repo = find(forge, id);
      const { login } = parse(collaboratorSchema, input, 'collaborator');
      state.accounts.ensure(repo.forge, { login }, state.clock.nowMs());
      repo.collaborators.add(login);
      return repoView(state, repo);
    },
    async listDeliveries(filter = {}) {
      const { forge, limit } = parse(deliveriesQuerySchema, filter, 'deliveries filter');
      const matching = state.repos.deliveries.filter((delivery) => !forge || delivery.forge === forge);
      return (limit === undefined ? matching : matching.slice(Math.max(0, matching.length - limit))).map(
        deliveryView,
      );
    },
  };
}
