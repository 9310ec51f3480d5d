import { CATALOGUE, type ErrorCode } from './catalogue.js';

/**
 * An error as data: a stable code, what went wrong, what to do. Server, CLI and UI share this body.
 * `details` carries structured extras (missing scopes, the token page URL, when to retry) and never
 * token text.
 */
export interface FkError {
  code: ErrorCode;
  message: string;
  remediation: string;
  details?: Record<string, unknown>;
}

export function fkError(
  code: ErrorCode,
  overrides: { message?: string; remediation?: string; details?: Record<string, unknown> } = {},
): FkError {
  const entry = CATALOGUE[code];
  const error: FkError = {
    code,
    message: overrides.message ?? entry.message,
    remediation: overrides.remediation ?? entry.remediation,
  };
  if (overrides.details !== undefined) error.details = overrides.details;
  return error;
}

export function httpStatusOf(code: ErrorCode): number {
  return CATALOGUE[code].status;
}

export function isFkError(value: unknown): value is FkError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code in CATALOGUE
  );
}
