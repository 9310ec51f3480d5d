import type { Capability } from '../../domain/capability.js';
import type { ForgeId } from '../../domain/forge.js';
import { UNVERIFIED_CODES } from '../../domain/status.js';
import { type InspectReport, inspectToken } from '../../services/inspect-token.js';
import { formatInspectReport } from '../format/inspect-report.js';
import { checkUrl, parseNumber, parseRequire } from '../parse-options.js';
import { readSecretInput } from '../read-secret.js';
import { EXIT, type ExitCode } from '../run-command.js';

export interface InspectOptions {
  forge?: ForgeId;
  apiUrl?: string;
  email?: string;
  require?: string;
  tokenEnv?: string;
  offline?: boolean;
  warnDays: string;
  timeout: string;
  json?: boolean;
}

export async function inspectCommand(options: InspectOptions): Promise<ExitCode> {
  const require = parseRequire(options.require);
  const warnDays = parseNumber('--warn-days', options.warnDays);
  const timeoutMs = parseNumber('--timeout', options.timeout);
  if (options.apiUrl !== undefined) checkUrl(options.apiUrl);
  const raw = await readSecretInput({ tokenEnv: options.tokenEnv });
  const report = await inspectToken({
    raw,
    forge: options.forge,
    apiUrl: options.apiUrl,
    email: options.email,
    require,
    offline: options.offline,
    warnDays,
    adapter: { timeoutMs },
  });
  process.stdout.write(
    options.json ? `${JSON.stringify(toJson(report))}\n` : formatInspectReport(report, new Date()),
  );
  return exitCodeFor(report, require);
}

/**
 * 0 usable and every required capability present; 1 unusable or a requirement unmet; 2 bad
 * invocation or input; 3 could not verify (forge unreachable, rate limited, or a requirement that
 * cannot be checked offline or on a fine-grained token).
 */
export function exitCodeFor(report: InspectReport, require: readonly Capability[]): ExitCode {
  if (report.error) {
    if (report.error.code === 'invalid_input' || report.error.code === 'email_required') return EXIT.usage;
    return UNVERIFIED_CODES.has(report.error.code) ? EXIT.unverified : EXIT.unusable;
  }
  if (report.missing.length > 0) return EXIT.unusable;
  if (require.length > 0 && (report.status === 'unverified' || report.unknown.length > 0))
    return EXIT.unverified;
  return EXIT.ok;
}

/** The documented `--json` shape (docs/cli.md). */
export function toJson(report: InspectReport) {
  return {
    forge: report.forge,
    kind: report.kind,
    checksum: report.checksum,
    status: report.status,
    mask: report.mask,
    account: report.account,
    scopes: report.scopes,
    expiresAt: report.expiresAt,
    lastUsedAt: report.lastUsedAt,
    capabilities: report.capabilities,
    missing: report.missing,
    unknown: report.unknown,
    scopesToAdd: report.scopesToAdd,
    permissionsNeeded: report.permissionsNeeded,
    tokenPageUrl: report.tokenPageUrl,
    rateLimit: report.rateLimit,
    removed: report.removed,
    notes: report.notes,
    error: report.error,
  };
}
