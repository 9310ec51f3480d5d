import { CAPABILITIES, type Capability } from '../capability.js';
import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import { expandWith, implicationsFor } from './expand-scopes.js';
import { grantModel } from './grant-model.js';
import { minimalScopesToAdd, satisfaction } from './minimal-scopes.js';
import { formatPermission, mergePermissions } from './permissions.js';
import { tokenPageUrl } from './token-page.js';
import type { GrantModel } from './types.js';

export interface EvaluateInput {
  forge: ForgeId;
  kind: TokenKind;
  /** Granted scopes as the forge reported them; `null` when the forge does not say (unknown). */
  scopes: string[] | null;
  /** What the caller needs the token for. */
  require: Capability[];
  /** The forge's web base, for the token page (see `tokenPageUrl`). */
  webUrl: string;
  /** Name to pre-fill on the token page; "Forgekeeper" by default. */
  tokenName?: string;
}

/** What a token can do, what is missing for the required capabilities, and how to fix it. */
export interface CapabilityReport {
  forge: ForgeId;
  kind: TokenKind;
  /** The required capabilities, deduplicated, in `CAPABILITIES` order. */
  required: Capability[];
  /** Every capability, required or not. `null` = cannot know (fine-grained, App, unreported scopes). */
  capabilities: Record<Capability, boolean | null>;
  /** Required capabilities that are false. Unknown ones are not missing: they are in `unknown`. */
  missing: Capability[];
  /** Required capabilities we cannot verify. */
  unknown: Capability[];
  /** Fewest scopes (this token's scope names) to add so every required capability is true; [] if none. */
  scopesToAdd: string[];
  /** GitHub fine-grained / App tokens: permissions to tick for the required capabilities, e.g. `Contents: write`. */
  permissionsNeeded: string[];
  /** The token creation page, pre-filled where the forge supports it; null where there is none. */
  tokenPageUrl: string | null;
  /** The kind to create when this token cannot simply be edited; null when a person cannot create one. */
  newTokenKind: TokenKind | null;
  /** Scopes to choose on a new token of `newTokenKind` covering all required capabilities ([] for permission-based kinds). */
  newTokenScopes: string[];
  /** Whether the forge lets a person change this token's scopes or permissions in place. */
  tokenEditable: boolean;
  /** Caveats for people: roles that are not scopes, partial grants (public_repo), kinds we cannot use. */
  notes: string[];
}

/**
 * Checks a token's granted scopes against the capabilities a caller needs. Pure: no I/O.
 * Granted scopes are expanded with the forge's implied scopes before matching.
 */
export function evaluateCapabilities(input: EvaluateInput): CapabilityReport {
  const required = CAPABILITIES.filter((capability) => input.require.includes(capability));
  const model = grantModel(input.forge, input.kind);
  const base = { forge: input.forge, kind: input.kind, required };
  switch (model.type) {
    case 'scopes':
      return { ...base, ...evaluateScopes(input, model, required) };
    case 'permissions':
      return { ...base, ...evaluatePermissions(input, model, required) };
    case 'unsupported':
      return { ...base, ...evaluateUnsupported(input, model, required) };
  }
}

type Body = Omit<CapabilityReport, 'forge' | 'kind' | 'required'>;
type Model<T extends GrantModel['type']> = Extract<GrantModel, { type: T }>;

function evaluateScopes(input: EvaluateInput, model: Model<'scopes'>, required: Capability[]): Body {
  const replacement = newTokenScopes(input.forge, model.createAs, required);
  const page = tokenPageUrl({
    forge: input.forge,
    kind: model.createAs,
    webUrl: input.webUrl,
    scopes: replacement,
    name: input.tokenName,
  });
  const shared = {
    permissionsNeeded: [],
    tokenPageUrl: page,
    newTokenKind: model.createAs,
    newTokenScopes: replacement,
    tokenEditable: model.editable,
  };
  const notes = required.flatMap((capability) => model.requirements[capability].note ?? []);

  if (input.scopes === null) {
    const capabilities = recordOf(() => null);
    return { ...shared, capabilities, missing: [], unknown: required, scopesToAdd: [], notes };
  }

  const table = implicationsFor(input.forge, input.kind);
  const expand = (scopes: Iterable<string>) => expandWith(table, scopes);
  const granted = expand(input.scopes);
  const met = recordOf((capability) => satisfaction(model.requirements[capability], granted));
  for (const capability of required) {
    const partial = model.requirements[capability].partial;
    if (met[capability] === 'partial' && partial !== undefined) notes.push(partial.note);
  }
  return {
    ...shared,
    capabilities: recordOf((capability) => met[capability] !== 'none'),
    missing: required.filter((capability) => met[capability] === 'none'),
    unknown: [],
    scopesToAdd: minimalScopesToAdd(model.requirements, required, granted, expand),
    notes: unique(notes),
  };
}

function evaluatePermissions(
  input: EvaluateInput,
  model: Model<'permissions'>,
  required: Capability[],
): Body {
  const permissions = mergePermissions(model.permissions, required);
  const page =
    model.createAs === null
      ? null
      : tokenPageUrl({
          forge: input.forge,
          kind: model.createAs,
          webUrl: input.webUrl,
          permissions,
          name: input.tokenName,
        });
  return {
    capabilities: recordOf(() => null),
    missing: [],
    unknown: required,
    scopesToAdd: [],
    permissionsNeeded: permissions.map(formatPermission),
    tokenPageUrl: page,
    newTokenKind: model.createAs,
    newTokenScopes: [],
    tokenEditable: model.editable,
    notes: required.length > 0 && model.note !== undefined ? [model.note] : [],
  };
}

/** Kinds Forgekeeper does not use for these operations: nothing is granted; a new token is the fix. */
function evaluateUnsupported(
  input: EvaluateInput,
  model: Model<'unsupported'>,
  required: Capability[],
): Body {
  const replacement = newTokenScopes(input.forge, model.createAs, required);
  return {
    capabilities: recordOf(() => false),
    missing: required,
    unknown: [],
    scopesToAdd: [],
    permissionsNeeded: [],
    tokenPageUrl: tokenPageUrl({
      forge: input.forge,
      kind: model.createAs,
      webUrl: input.webUrl,
      scopes: replacement,
      name: input.tokenName,
    }),
    newTokenKind: model.createAs,
    newTokenScopes: replacement,
    tokenEditable: false,
    notes: [
      `A ${input.kind} token is not a personal access token; Forgekeeper does not use it for these operations.`,
    ],
  };
}

/** The fewest scopes a brand-new token of `kind` needs for `required`, canonical first. */
export function newTokenScopes(forge: ForgeId, kind: TokenKind, required: readonly Capability[]): string[] {
  const model = grantModel(forge, kind);
  if (model.type !== 'scopes') return [];
  const table = implicationsFor(forge, kind);
  return minimalScopesToAdd(model.requirements, required, new Set(), (scopes) => expandWith(table, scopes));
}

function recordOf<T>(value: (capability: Capability) => T): Record<Capability, T> {
  return {
    read: value('read'),
    'create-repo': value('create-repo'),
    push: value('push'),
    workflows: value('workflows'),
    'pull-requests': value('pull-requests'),
    webhooks: value('webhooks'),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
