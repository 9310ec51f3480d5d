import { type FkError, fkError } from '../../domain/errors/error.js';
import { FORGE_NAMES, type ForgeId } from '../../domain/forge.js';
import { snippetOf } from './body.js';
import type { HttpResponse, NetworkFailure } from './types.js';

/*
 * The failure translations every forge shares. Each forge's `translate-error.ts` handles what is
 * particular to it (401/403 bodies and headers) and hands the rest here, so "a 5xx, a timeout or a
 * 429 says nothing about the token" (DESIGN.md) is written once.
 */

const NETWORK_WORDS: Record<NetworkFailure['reason'], string> = {
  timeout: 'did not answer in time',
  reset: 'closed the connection',
  refused: 'refused the connection',
  dns: 'could not be found (DNS)',
  network: 'could not be reached',
  aborted: 'was not asked: the request was cancelled',
  invalid_request: 'could not be asked: the API URL is not valid',
};

export function networkError(forge: ForgeId, failure: NetworkFailure): FkError {
  return fkError('forge_unreachable', {
    message: `${FORGE_NAMES[forge]} ${NETWORK_WORDS[failure.reason]}; nothing is known about the token.`,
    details: {
      forge,
      reason: failure.reason,
      code: failure.code,
      attempts: failure.attempts,
      cause: failure.message,
    },
  });
}

export function rateLimitedError(
  forge: ForgeId,
  response: HttpResponse,
  retryAt: string,
  overrides: { message?: string; forgeMessage?: string | undefined; reason?: string } = {},
): FkError {
  const details: Record<string, unknown> = { forge, status: response.status, retryAt };
  if (overrides.reason !== undefined) details.reason = overrides.reason;
  if (overrides.forgeMessage !== undefined) details.forgeMessage = overrides.forgeMessage;
  return fkError('rate_limited', {
    message:
      overrides.message ??
      `${FORGE_NAMES[forge]} is rate-limiting requests until ${retryAt}; nothing is known about the token.`,
    details,
  });
}

/**
 * True when a body is present but is not JSON (an HTML page from a proxy or a login wall, plain
 * text, garbage): such an answer is not the forge's API speaking, so no conclusion about a token
 * may be drawn from its status.
 */
export function isForeignBody(response: HttpResponse): boolean {
  return response.json === undefined && response.text.trim() !== '';
}

export function foreignBodyError(forge: ForgeId, response: HttpResponse): FkError {
  const contentType = response.headers.get('content-type') ?? 'none';
  return fkError('forge_unreachable', {
    message: `${FORGE_NAMES[forge]} answered ${response.status} with something that is not its API's JSON (content-type ${contentType}); check the API URL. Nothing is known about the token.`,
    details: { forge, status: response.status, contentType, bodyStart: snippetOf(response.text) },
  });
}

/** A 2xx whose JSON does not have the shape the forge documents. */
export function unexpectedShapeError(forge: ForgeId, response: HttpResponse, issue: string): FkError {
  return fkError('forge_unreachable', {
    message: `${FORGE_NAMES[forge]} answered ${response.status} with JSON of an unexpected shape; check the API URL. Nothing is known about the token.`,
    details: { forge, status: response.status, issue },
  });
}

/**
 * Statuses no forge gives a special meaning to in our calls: redirects, 404, 409, 400/422, 5xx,
 * anything else. `forgeMessage` is the forge's own text, for the details.
 */
export function genericStatusError(forge: ForgeId, response: HttpResponse, forgeMessage?: string): FkError {
  const name = FORGE_NAMES[forge];
  const { status } = response;
  const details = withForgeMessage({ forge, status }, forgeMessage);
  if (isForeignBody(response)) return foreignBodyError(forge, response);
  if (status >= 300 && status < 400) {
    details.location = response.headers.get('location');
    return fkError('forge_unreachable', {
      message: `${name} redirected the request (${status}); use the API URL it points to. Nothing is known about the token.`,
      details,
    });
  }
  if (status >= 200 && status < 300) return unexpectedShapeError(forge, response, 'unexpected success');
  if (status === 404) {
    return fkError('not_found', {
      message: `${name} answered 404 Not Found: the API URL is wrong, or the resource is private and this token cannot see it.`,
      details,
    });
  }
  if (status === 409) return fkError('conflict', { details });
  if (status === 400 || status === 422) {
    return fkError('invalid_input', { message: `${name} rejected the request (${status}).`, details });
  }
  return fkError('forge_unreachable', {
    message: `${name} answered with an error (${status}); nothing is known about the token.`,
    details,
  });
}

/** Error details with the forge's own message added when it sent one. */
export function withForgeMessage(
  details: Record<string, unknown>,
  forgeMessage: string | undefined,
): Record<string, unknown> {
  return forgeMessage === undefined ? details : { ...details, forgeMessage };
}
