import {
  type CapabilityReport,
  type EvaluateInput,
  evaluateCapabilities,
  remediation,
} from '../domain/capabilities/index.js';
import type { Capability } from '../domain/capability.js';
import { type FkError, fkError } from '../domain/errors/error.js';
import type { ForgeId } from '../domain/forge.js';
import type { Account, Inspection, RateLimitState } from '../domain/inspection.js';
import type { Secret } from '../domain/secret.js';
import { type TokenStatus, tokenStatus } from '../domain/status.js';
import type { TokenKind } from '../domain/token-kind.js';
import { checkOffline } from '../domain/tokens/index.js';
import type { AdapterFor } from '../forges/adapter-cache.js';
import { loadForgeDefinitions } from '../forges/load-registry.js';
import type { AdapterOptions } from '../forges/types.js';

export interface InspectRequest {
  /** What was pasted or piped, before cleaning. */
  raw: string;
  forge?: ForgeId;
  apiUrl?: string;
  email?: string;
  require?: Capability[];
  offline?: boolean;
  now?: Date;
  warnDays?: number;
  adapter?: Omit<AdapterOptions, 'apiUrl'>;
}

/** Everything `inspect` knows about a token. Never contains the token itself; `mask` is prefix + last four. */
export interface InspectReport {
  forge: ForgeId | null;
  kind: TokenKind | null;
  checksum: 'valid' | 'invalid' | 'none';
  mask: string | null;
  removed: string[];
  status: TokenStatus;
  apiUrl: string | null;
  account: Account | null;
  scopes: string[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  rateLimit: RateLimitState | null;
  extra: Record<string, string>;
  capabilities: CapabilityReport['capabilities'] | null;
  /** Required capabilities the token lacks. */
  missing: Capability[];
  /** Required capabilities that cannot be verified (GitHub fine-grained tokens). */
  unknown: Capability[];
  scopesToAdd: string[];
  permissionsNeeded: string[];
  tokenPageUrl: string | null;
  /** Caveats worth showing (roles the forge checks besides scopes, public-only scopes …). */
  notes: string[];
  error: FkError | null;
}

/**
 * Offline checks first (format, checksum, wrong forge), then — unless offline — one live
 * inspection at the forge, then capabilities against what is required. Failures are data in the
 * report, never exceptions.
 */
export async function inspectToken(request: InspectRequest): Promise<InspectReport> {
  const now = request.now ?? new Date();
  const offline = checkOffline(request.raw, { forge: request.forge, now });
  const forge = request.forge ?? offline.forge;
  const report = emptyReport({
    forge,
    kind: offline.kind,
    checksum: offline.checksum,
    mask: offline.secret?.mask() ?? null,
    removed: offline.removed,
    error: offline.error,
  });
  if (offline.error || !offline.secret || !forge || !offline.kind || request.offline) {
    return finish(report, now, request.warnDays, false);
  }
  const { raw: _raw, offline: _offline, ...rest } = request;
  return completeLive(report, { ...rest, secret: offline.secret, forge, kind: offline.kind, now });
}

/** A token already cleaned and recognised (a stored one, or one the caller checked offline). */
export interface LiveInspectRequest {
  secret: Secret;
  forge: ForgeId;
  kind: TokenKind;
  apiUrl?: string;
  email?: string;
  require?: Capability[];
  now?: Date;
  warnDays?: number;
  adapter?: Omit<AdapterOptions, 'apiUrl'>;
  /** The account a re-check already knows (Refresh All): GitLab then asks `/self` alone (forges/types.ts). */
  knownAccount?: Account;
  /** Where to get the adapter (a vault's cache); else one is made for this call with `adapter`. */
  adapterFor?: AdapterFor;
  signal?: AbortSignal;
  /** What the offline checks found, when they ran; otherwise `none` and nothing removed. */
  offlineFindings?: Pick<InspectReport, 'checksum' | 'removed'>;
}

/**
 * The live half of `inspectToken`: one inspection at the forge, then capabilities and status. The
 * vault uses it for stored tokens (check, refresh) and for tokens it has just checked offline (add,
 * rotate), so both paths give the same report.
 */
export async function inspectLive(request: LiveInspectRequest): Promise<InspectReport> {
  const report = emptyReport({
    forge: request.forge,
    kind: request.kind,
    checksum: request.offlineFindings?.checksum ?? 'none',
    mask: request.secret.mask(),
    removed: request.offlineFindings?.removed ?? [],
    error: null,
  });
  return completeLive(report, { ...request, now: request.now ?? new Date() });
}

async function completeLive(
  report: InspectReport,
  request: LiveInspectRequest & { now: Date },
): Promise<InspectReport> {
  const { forge, now } = request;
  const definition = (await loadForgeDefinitions())[forge];
  const adapter =
    request.adapterFor === undefined
      ? definition.createAdapter({ ...request.adapter, apiUrl: request.apiUrl })
      : await request.adapterFor(forge, request.apiUrl);
  report.apiUrl = adapter.apiUrl;
  const result = await adapter.inspect(request.secret, request.kind, {
    email: request.email,
    knownAccount: request.knownAccount,
    signal: request.signal,
  });
  if (!result.ok) {
    report.error = result.error;
    return finish(report, now, request.warnDays, true);
  }
  applyInspection(report, result.value);
  const evaluation = evaluateCapabilitiesOnce({
    forge,
    kind: result.value.kind,
    scopes: result.value.scopes,
    require: request.require ?? [],
    webUrl: definition.webUrl(adapter.apiUrl),
  });
  report.capabilities = evaluation.capabilities;
  report.missing = evaluation.missing;
  report.unknown = evaluation.unknown;
  report.scopesToAdd = evaluation.scopesToAdd;
  report.permissionsNeeded = evaluation.permissionsNeeded;
  report.tokenPageUrl = evaluation.tokenPageUrl;
  report.notes = evaluation.notes;
  if (evaluation.missing.length > 0) report.error = missingCapabilities(evaluation);
  return finish(report, now, request.warnDays, true);
}

/** Distinct questions `evaluateCapabilitiesOnce` remembers; past that it starts again (a handful in practice). */
const CAPABILITY_ANSWERS = 256;
const capabilityAnswers = new Map<string, CapabilityReport>();

/**
 * `evaluateCapabilities` is pure, and a Refresh All asks it the same few questions thousands of times
 * (one per host, kind, scope set and requirement list), each costing ~10-20 µs of URL building and
 * scope expansion: the answers are remembered. Every caller gets its own copy of the arrays and
 * records, so a report changed by one caller never changes another's.
 */
function evaluateCapabilitiesOnce(input: EvaluateInput): CapabilityReport {
  const key = JSON.stringify([
    input.forge,
    input.kind,
    input.webUrl,
    input.scopes,
    input.require,
    input.tokenName,
  ]);
  let answer = capabilityAnswers.get(key);
  if (answer === undefined) {
    answer = evaluateCapabilities(input);
    if (capabilityAnswers.size >= CAPABILITY_ANSWERS) capabilityAnswers.clear();
    capabilityAnswers.set(key, answer);
  }
  return {
    ...answer,
    required: [...answer.required],
    capabilities: { ...answer.capabilities },
    missing: [...answer.missing],
    unknown: [...answer.unknown],
    scopesToAdd: [...answer.scopesToAdd],
    permissionsNeeded: [...answer.permissionsNeeded],
    newTokenScopes: [...answer.newTokenScopes],
    notes: [...answer.notes],
  };
}

function emptyReport(
  known: Pick<InspectReport, 'forge' | 'kind' | 'checksum' | 'mask' | 'removed' | 'error'>,
): InspectReport {
  // Field by field, not `...known`: a spread followed by more fields gave every report a shape of
  // its own (slow to build and to fill in, several µs per inspection on a Refresh All's hot path).
  // The key order is the one JSON output has always had.
  return {
    forge: known.forge,
    kind: known.kind,
    checksum: known.checksum,
    mask: known.mask,
    removed: known.removed,
    error: known.error,
    status: 'unverified',
    apiUrl: null,
    account: null,
    scopes: null,
    expiresAt: null,
    lastUsedAt: null,
    rateLimit: null,
    extra: {},
    capabilities: null,
    missing: [],
    unknown: [],
    scopesToAdd: [],
    permissionsNeeded: [],
    tokenPageUrl: null,
    notes: [],
  };
}

/** A required capability is missing: say which, what to add and where, as the catalogue error. */
function missingCapabilities(evaluation: CapabilityReport): FkError {
  return fkError('insufficient_scope', {
    message: `The token lacks what ${evaluation.missing.join(', ')} ${evaluation.missing.length === 1 ? 'needs' : 'need'}.`,
    remediation: remediation(evaluation) ?? undefined,
    details: {
      missing: evaluation.missing,
      scopesToAdd: evaluation.scopesToAdd,
      tokenPageUrl: evaluation.tokenPageUrl,
    },
  });
}

function applyInspection(report: InspectReport, inspection: Inspection): void {
  report.kind = inspection.kind;
  report.account = inspection.account;
  report.scopes = inspection.scopes;
  report.expiresAt = inspection.expiresAt;
  report.lastUsedAt = inspection.lastUsedAt;
  report.rateLimit = inspection.rateLimit;
  report.extra = inspection.extra;
}

function finish(
  report: InspectReport,
  now: Date,
  warnDays: number | undefined,
  verified: boolean,
): InspectReport {
  report.status = tokenStatus({
    error: report.error,
    missing: report.missing,
    expiresAt: report.expiresAt,
    now,
    warnDays,
    verified,
  });
  return report;
}
