import { DAY_MS, utcDate } from '../clock.js';
import type { ForgeReply } from '../forge-reply.js';
import type { SandboxState } from '../state.js';
import { issueToken } from '../token-factory.js';
import { personalAccessTokenBody } from './bodies.js';
import { badRequest } from './responses.js';
import type { GitLabCaller } from './routes.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `POST /personal_access_tokens/self/rotate` (forges.md §2.6): the old token is revoked and a new one
 * with the same name, description and scopes is returned with its `token`. Without `expires_at` the
 * new one lives one week (gitlab.com, where expiry is mandatory).
 */
export function rotateSelf(state: SandboxState, caller: GitLabCaller, body: unknown): ForgeReply {
  const now = state.clock.nowMs();
  const config = state.config.gitlab;
  const given = body && typeof body === 'object' && 'expires_at' in body ? body.expires_at : undefined;
  let expiresOn: string;
  if (given === undefined || given === null) {
    expiresOn = utcDate(now + config.rotateDefaultExpiryDays * DAY_MS);
  } else if (typeof given !== 'string' || !DATE.test(given) || Number.isNaN(Date.parse(given))) {
    // Grape's own parameter validation answers with `error`, not `message`.
    return { status: 400, body: { error: 'expires_at is invalid' } };
  } else {
    expiresOn = given;
  }
  if (expiresOn <= utcDate(now)) return badRequest('Expiration date must be in the future.');
  if (expiresOn > utcDate(now + config.maxLifetimeDays * DAY_MS)) {
    return badRequest(`Expiration date must be before ${utcDate(now + config.maxLifetimeDays * DAY_MS)}.`);
  }

  const { record: old, account } = caller;
  const { record, token } = issueToken(
    state,
    {
      forge: 'gitlab',
      kind: 'personal',
      login: account.login,
      state: 'active',
      scopes: old.scopes,
      name: old.name ?? undefined,
      description: old.description,
      format: old.gitlabFormat ?? 'routable',
    },
    account,
    { expiresAtMs: Date.parse(`${expiresOn}T00:00:00Z`), lastUsedAtMs: null },
  );
  record.familyId = old.familyId;
  record.rotatedFromId = old.id;
  old.state = 'revoked';
  return { status: 200, body: { ...personalAccessTokenBody(record, account.id, now), token } };
}
