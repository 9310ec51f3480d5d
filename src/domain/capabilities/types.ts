import type { Capability } from '../capability.js';
import type { TokenKind } from '../token-kind.js';

/** Scopes that must all be granted together, in the forge's own spelling. */
export type ScopeSet = readonly string[];

/**
 * What one capability needs from a token whose grant is a list of scopes. Granted scopes are expanded
 * with the forge's implied scopes (`expandScopes`) before they are matched, so an alternative names
 * only the scopes a person ticks, never their implied children.
 */
export interface ScopeRequirement {
  /**
   * Any one inner set suffices; every scope of that set must be granted. The first set is the
   * canonical one: it is what remediation and pre-filled token pages suggest.
   */
  readonly anyOf: readonly ScopeSet[];
  /**
   * Sets that grant the capability only in part (GitHub `public_repo`: public repositories only).
   * They make the capability true and add `note` to the report; they are never suggested.
   */
  readonly partial?: { readonly anyOf: readonly ScopeSet[]; readonly note: string };
  /** Shown whenever the capability is required: roles and caveats that are not scopes. */
  readonly note?: string;
}

export type ScopeRequirements = Readonly<Record<Capability, ScopeRequirement>>;

/** A GitHub fine-grained (or GitHub App) permission at one access level. */
export interface GitHubPermission {
  /** Query parameter name on the fine-grained token page, e.g. `pull_requests`. */
  readonly param: string;
  /** Name shown in GitHub's permission picker, e.g. `Pull requests`. */
  readonly label: string;
  readonly access: 'read' | 'write';
}

/**
 * How a token kind's grant is described and whether it can be changed after creation.
 * - `scopes`: the forge reports a list of scopes (GitHub classic, GitLab, Bitbucket).
 * - `permissions`: the grant exists but cannot be read through the API (GitHub fine-grained PATs
 *   and GitHub App tokens): evaluation answers `null` (unknown) per capability.
 * - `unsupported`: not a token Forgekeeper uses for these operations (deploy, runner, refresh …).
 */
export type GrantModel =
  | {
      readonly type: 'scopes';
      readonly requirements: ScopeRequirements;
      /** Whether the forge lets a person change the scopes of an existing token. */
      readonly editable: boolean;
      /** Which kind to create when this token has to be replaced. */
      readonly createAs: TokenKind;
    }
  | {
      readonly type: 'permissions';
      readonly permissions: Readonly<Record<Capability, readonly GitHubPermission[]>>;
      readonly editable: boolean;
      /** null when a person cannot create such a token (GitHub App tokens come from the app). */
      readonly createAs: TokenKind | null;
      /** Shown whenever permissions are needed, e.g. where App permissions are configured. */
      readonly note?: string;
    }
  | { readonly type: 'unsupported'; readonly createAs: TokenKind };
