import type { ForgeReply } from '../forge-reply.js';
import type { SandboxState } from '../state.js';
import { githubError } from './responses.js';
import { GITHUB_RULES } from './rules.js';

/*
 * GitHub's credential-revocation API, `POST /credentials/revoke` (forges.md §1.6): anyone may submit
 * up to 1000 leaked tokens; GitHub answers `202 Accepted` and never says which were valid.
 * Authentication and the budget are the route's business (routes.ts); this file reads the body and
 * revokes what it names.
 */

/** At most this many credentials per request (forges.md §1.6). */
export const MAX_CREDENTIALS = 1000;

/**
 * Prefixes the API accepts: classic and fine-grained PATs from the start (2025-04-29), OAuth app,
 * GitHub App user-to-server and refresh tokens since the 2026-03-26 changelog (forges.md §1.6).
 * Installation tokens (`ghs_`) and pre-2021 40-hex tokens are not among them: submitted, ignored.
 */
export const REVOCABLE_PREFIXES = ['ghp_', 'github_pat_', 'gho_', 'ghu_', 'ghr_'] as const;

const DOCS = GITHUB_RULES['POST /credentials/revoke'].documentationUrl;

/**
 * The credentials of a request body, or GitHub's refusal: not an object → `400 "Body should be a
 * JSON object"` (forges.md §1.4); no list, an empty or oversized list, or a non-string in it →
 * `422` with the `validation-error-simple` body (`errors` as strings), as the endpoint documents.
 */
export function credentialsOf(body: unknown): string[] | ForgeReply {
  const value = body === undefined ? {} : body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return githubError(400, 'Body should be a JSON object', DOCS);
  }
  const credentials = 'credentials' in value ? value.credentials : undefined;
  if (credentials === undefined) return validationFailed('"credentials" wasn\'t supplied.');
  if (!Array.isArray(credentials) || !credentials.every((c): c is string => typeof c === 'string')) {
    return validationFailed("For 'properties/credentials', the value is not an array of strings.");
  }
  if (credentials.length === 0) return validationFailed('credentials must contain at least 1 item.');
  if (credentials.length > MAX_CREDENTIALS) {
    return validationFailed(`credentials must contain at most ${MAX_CREDENTIALS} items.`);
  }
  return credentials;
}

/**
 * Revokes every submitted token the sandbox issued on GitHub with an accepted prefix, whatever its
 * state (an expired token is revoked too: it cannot come back either). Unknown strings are ignored.
 */
export function revokeSubmitted(state: SandboxState, credentials: readonly string[]): void {
  for (const credential of new Set(credentials)) {
    if (!REVOCABLE_PREFIXES.some((prefix) => credential.startsWith(prefix))) continue;
    const record = state.tokens.find('github', credential);
    if (record) record.state = 'revoked';
  }
}

/** `202 Accepted` with an empty object: nothing about which credentials were valid. */
export function accepted(headers: Record<string, string>): ForgeReply {
  return { status: 202, body: {}, headers };
}

/**
 * github.com refuses any authenticated call (forges.md §1.6: "Any authenticated requests will return
 * a 403"). The message text is not documented.
 */
export function authenticatedRefused(headers: Record<string, string>): ForgeReply {
  return githubError(403, 'This endpoint must be called without authentication.', DOCS, headers);
}

function validationFailed(error: string): ForgeReply {
  return {
    status: 422,
    body: { message: 'Validation Failed', errors: [error], documentation_url: DOCS, status: '422' },
  };
}
