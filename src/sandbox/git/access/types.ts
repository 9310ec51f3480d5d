import type { SandboxState } from '../../state.js';
import type { TokenRecord } from '../../tokens.js';
import type { SandboxRepo } from '../types.js';

/**
 * Who may fetch from or push to a sandbox repository over git smart HTTP: one file per forge
 * (forges.md §1.9, §2.9, §3.1 and the cheat sheet), one shape for the hosting to act on.
 */
export type GitOperation = 'read' | 'write';

/** The Basic credentials git sent; null when it sent none (git tries anonymously first). */
export interface BasicCredentials {
  username: string;
  password: string;
}

export interface GitAccessRequest {
  state: SandboxState;
  /** Undefined: no such repository (answered like a private one the caller may not see). */
  repo: SandboxRepo | undefined;
  /** `owner/name` as the URL spelled it, for refusal texts. */
  path: string;
  operation: GitOperation;
  credentials: BasicCredentials | null;
  ip: string;
}

export type GitAccess =
  | {
      allowed: true;
      /** The account acting (`REMOTE_USER`, the pusher of push events); null when anonymous. */
      login: string | null;
      record: TokenRecord | null;
      /** GitHub: whether the token may create or change `.github/workflows/*` (forges.md §1.5). */
      workflows: 'allow' | 'deny';
    }
  | {
      allowed: false;
      status: 401 | 403 | 404;
      /** `WWW-Authenticate` and the like. */
      headers: Record<string, string>;
      /** Plain text; git shows each line as `remote: …`. */
      message: string;
    };

export type GitAccessRule = (request: GitAccessRequest) => GitAccess;

/** A refusal helper: text/plain body, git prints it after `remote: `. */
export function refuse(
  status: 401 | 403 | 404,
  message: string,
  headers: Record<string, string> = {},
): Extract<GitAccess, { allowed: false }> {
  return { allowed: false, status, headers, message };
}

export function allow(
  login: string | null,
  record: TokenRecord | null,
  workflows: 'allow' | 'deny' = 'allow',
): GitAccess {
  return { allowed: true, login, record, workflows };
}

/**
 * Git without credentials, alike on the three forges (forges.md cheat sheet): it may fetch what
 * anyone may see (public, and not GitLab `internal`); anything else is a 401 carrying the forge's
 * `realm`, after which git asks for credentials.
 */
export function anonymousAccess(request: GitAccessRequest, realm: Record<string, string>): GitAccess {
  const { repo, operation } = request;
  if (repo && !repo.private && !repo.signedInOnly && operation === 'read') return allow(null, null);
  return refuse(401, '', realm);
}

/** Private repositories are visible to their collaborators only (logins are case-insensitive). */
export function isCollaborator(repo: SandboxRepo, login: string): boolean {
  const wanted = login.toLowerCase();
  for (const collaborator of repo.collaborators) if (collaborator.toLowerCase() === wanted) return true;
  return false;
}
