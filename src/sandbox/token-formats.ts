import { randomBytes } from 'node:crypto';
import { crc32 } from './crc32.js';
import {
  BASE62,
  base36,
  base62,
  base64UrlNoPad,
  hex8,
  randomString,
  UPPER_DIGITS,
  URL_SAFE,
} from './encoding.js';

/**
 * "Honest tokens": each generator produces the forge's real format with a valid checksum, read
 * independently from forges.md (never from src/domain), so offline checks and sandbox agree only
 * if both read the reference right.
 */

/** Prefixes the sandbox issues; the request log keeps them visible when it masks a credential. */
export const TOKEN_PREFIXES = ['github_pat_', 'ghp_', 'glpat-', 'ATATT3', 'ATCTT3', 'ATBB'] as const;

/**
 * GitHub classic PAT (forges.md §1.1): `ghp_` + 30 random base62 + 6-char base62 CRC32 of those 30
 * characters (the prefix is not covered), 40 characters in all.
 */
export function githubClassicToken(): string {
  const body = randomString(30, BASE62);
  return `ghp_${body}${base62(crc32(body), 6)}`;
}

/**
 * GitHub fine-grained PAT (forges.md §1.1): `github_pat_` + 22 + `_` + 59, 93 characters. The first
 * segment of observed tokens starts `11` and then looks like an encoded id in upper case and digits.
 * Its checksum is UNCERTAIN (not documented), so none is computed and validators check shape only.
 */
export function githubFineGrainedToken(): string {
  return `github_pat_11${randomString(20, UPPER_DIGITS)}_${randomString(59, BASE62)}`;
}

/**
 * GitLab PAT shapes (forges.md §2.1):
 * - `routable`: the current generator, with the `.01.` version segment;
 * - `routable-unversioned`: the earlier routable generator (payload first, no version segment);
 * - `legacy`: `glpat-` + 20 of `[0-9A-Za-z_-]`, no checksum.
 */
export type GitLabTokenFormat = 'routable' | 'routable-unversioned' | 'legacy';

/** Routing payload lines `key:value`, sorted by key, integers in base36 (forges.md §2.1). */
function routingPayload(fields: Record<string, number>): string {
  return Object.keys(fields)
    .sort()
    .map((key) => `${key}:${base36(fields[key]!)}`)
    .join('\n');
}

export function gitlabPersonalToken(format: GitLabTokenFormat, userId: number): string {
  if (format === 'legacy') return `glpat-${randomString(20, URL_SAFE)}`;
  const random = randomBytes(16);
  if (format === 'routable') {
    // body = prefix + b64url(random16 + routing + byte(len(routing))) + ".01." + base36(len(b64)).
    const routing = Buffer.from(routingPayload({ c: 1, u: userId }), 'utf8');
    const encoded = base64UrlNoPad(Buffer.concat([random, routing, Buffer.from([routing.length])]));
    const body = `glpat-${encoded}.01.${base36(encoded.length, 2)}`;
    return `${body}${base36(crc32(body), 7)}`;
  }
  // Earlier shape: b64url(routing + random16 + byte(16)) + "." + base36(len(b64)).
  const routing = Buffer.from(routingPayload({ o: 1, u: userId }), 'utf8');
  const encoded = base64UrlNoPad(Buffer.concat([routing, random, Buffer.from([random.length])]));
  const body = `glpat-${encoded}.${base36(encoded.length, 2)}`;
  return `${body}${base36(crc32(body), 7)}`;
}

/** Atlassian-style token: prefix + random `[A-Za-z0-9_-]` + `=` + 8 uppercase hex CRC32 of all before. */
function atlassianToken(prefix: string, totalLength: number): string {
  const head = `${prefix}${randomString(totalLength - prefix.length - 9, URL_SAFE)}=`;
  return `${head}${hex8(crc32(head))}`;
}

/**
 * Atlassian API token with scopes (forges.md §3.2): `ATATT3` + 186 characters = 192; observed tokens
 * start `ATATT3xFfGF0`; the tail is `=` + uppercase hex CRC32 of everything up to and including `=`.
 */
export function atlassianApiToken(): string {
  return atlassianToken('ATATT3xFfGF0', 192);
}

/**
 * Bitbucket repository / project / workspace access token (forges.md §3.2): same checksum rule as
 * `ATATT3`; observed tokens start `ATCTT3xFfGN0`. Their length is not documented; 192 like ATATT3.
 */
export function bitbucketAccessToken(): string {
  return atlassianToken('ATCTT3xFfGN0', 192);
}

/** Bitbucket app password (forges.md §3.2): `ATBB` + 24 + uppercase hex CRC32 of `ATBB` + the 24. */
export function bitbucketAppPassword(): string {
  const head = `ATBB${randomString(24, BASE62)}`;
  return `${head}${hex8(crc32(head))}`;
}
