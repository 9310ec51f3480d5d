import { CAPABILITIES, type Capability, isCapability } from '../domain/capability.js';
import { fkError } from '../domain/errors/error.js';
import { detectToken } from '../domain/tokens/detect-token.js';
import { CliError } from './run-command.js';

/** Option parsers shared by the commands: each refuses bad input with a usage error (exit 2). */

export function usageError(message: string, remediation: string): CliError {
  return new CliError(fkError('invalid_input', { message, remediation }));
}

export function parseRequire(value: string | undefined): Capability[] {
  if (value === undefined) return [];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isCapability(name));
  if (unknown.length > 0) {
    throw usageError(
      `Unknown capability: ${unknown.join(', ')}.`,
      `Use a comma-separated list of: ${CAPABILITIES.join(', ')}.`,
    );
  }
  return names.filter(isCapability);
}

export function parseNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw usageError(`${flag} must be a number ≥ 0.`, `For example ${flag} 14.`);
  }
  return number;
}

/** An integer within [min, max]; `undefined` stays undefined (the service's default applies). */
export function parseInteger(flag: string, value: string | undefined, min: number, max: number) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw usageError(`${flag} must be a whole number from ${min} to ${max}.`, `For example ${flag} ${min}.`);
  }
  return number;
}

export function checkUrl(value: string): void {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return;
  } catch {
    // fall through to the error below
  }
  throw usageError(
    '--api-url is not an http(s) URL.',
    'For example --api-url https://ghe.example.com/api/v3 or https://gitlab.example.com/api/v4.',
  );
}

const DURATION = /^(\d+)\s*(m|min|h|d|w)$/;
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `--since`: an ISO 8601 date or time, or a span back from now (`30m`, `24h`, `7d`, `2w`). */
export function parseSince(value: string | undefined, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const span = DURATION.exec(value.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * (UNIT_MS[span[2] ?? 'd'] ?? 0)).toISOString();
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw usageError(
      `--since ${value} is neither a date nor a span.`,
      'Give an ISO 8601 date or time (2026-05-01, 2026-05-01T12:00:00Z) or a span back from now (30m, 24h, 7d, 2w).',
    );
  }
  return new Date(time).toISOString();
}

/** `--expires-at`: a calendar date, as GitLab takes it. */
export function parseDate(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw usageError(`${flag} must be a date YYYY-MM-DD.`, `For example ${flag} 2027-01-31.`);
}

/**
 * Refuses an argument that has a token's format (a token pasted where an id or label goes): it is
 * not echoed back, so the mistake does not spread from the command line into output and logs.
 */
export function refuseTokenText(what: string, value: string): void {
  if (detectToken(value.trim()).forge === null) return;
  throw usageError(
    `The ${what} looks like a token. Tokens never go on the command line.`,
    'Give the token on standard input (or --token-env NAME); if it was a real token, revoke it at the forge, since the command line may have been recorded (shell history).',
  );
}
