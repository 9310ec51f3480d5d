import { type CapabilityReport, evaluateCapabilities, remediation } from '../domain/capabilities/index.js';
import type { Capability } from '../domain/capability.js';
import { type FkError, fkError } from '../domain/errors/error.js';
import type { ForgeId } from '../domain/forge.js';
import type { Account, Inspection, RateLimitState } from '../domain/inspection.js';
import { type TokenStatus, tokenStatus } from '../domain/status.js';
import type { TokenKind } from '../domain/token-kind.js';
import { checkOffline } from '../domain/tokens/index.js';
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
  const require = request.require ?? [];
  const offline = checkOffline(request.raw, { forge: request.forge, now });
  const forge = request.forge ?? offline.forge;
  const report: InspectReport = {
    forge,
    kind: offline.kind,
    checksum: offline.checksum,
    mask: offline.secret?.mask() ?? null,
    removed: offline.removed,
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
    error: offline.error,
  };
  if (offline.error || !offline.secret || !forge || !offline.kind || request.offline) {
    return finish(report, now, request.warnDays, false);
  }

  const { FORGE_DEFINITIONS } = await import('../forges/registry.js');
  const definition = FORGE_DEFINITIONS[forge];
  const adapter = definition.createAdapter({ ...request.adapter, apiUrl: request.apiUrl });
  report.apiUrl = adapter.apiUrl;
  const result = await adapter.inspect(offline.secret, offline.kind, { email: request.email });
  if (!result.ok) {
    report.error = result.error;
    return finish(report, now, request.warnDays, true);
  }
  applyInspection(report, result.value);
  const evaluation = evaluateCapabilities({
    forge,
    kind: result.value.kind,
    scopes: result.value.scopes,
    require,
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
