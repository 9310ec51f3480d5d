/**
 * Test-only factory of tokens in the forges' real formats with valid checksums (forges.md §1.1,
 * §2.1, §3.2), and fast-check arbitraries over them. It shares no code with the checks it tests:
 * its CRC-32 is the bitwise textbook loop and its encoders are its own, so a mistake in the table
 * or an encoder cannot cancel itself out.
 */
import fc from 'fast-check';
import type { ForgeId } from '../../forge.js';
import { TOKEN_KINDS, type TokenKind } from '../../token-kind.js';

export type KindOf<F extends ForgeId> = (typeof TOKEN_KINDS)[F][number];

/** Which form of a kind to build, where a kind has several. */
export type TokenVariant = 'classic' | 'stateless' | 'long' | 'legacy' | 'routable' | 'routable-v01';

export interface MakeTokenOverrides {
  /**
   * The random part: GitHub 40-char forms 30 characters; GitLab routable the base64url payload;
   * `ATATT3`/`ATCTT3` everything between prefix and `=`; `ATBB` 24 characters. Other forms: what
   * follows the prefix.
   */
  body?: string;
  variant?: TokenVariant;
  /** Seed of the deterministic filler used when `body` is not given. */
  seed?: number;
  /** GitLab only: a self-managed custom PAT prefix instead of `glpat-` (forges.md §2.10). */
  prefix?: string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const BASE64URL = `${ALNUM}-_`;
export const HEX_LOWER = '0123456789abcdef';

/** The bitwise CRC-32 (zlib's), independent of `crc32.ts`. */
export function referenceCrc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number): string {
  const alphabet = DIGITS + UPPER + LOWER;
  let digits = '';
  for (let rest = BigInt(value); rest > 0n; rest /= 62n)
    digits = alphabet.charAt(Number(rest % 62n)) + digits;
  return digits.padStart(6, '0');
}

function base36(value: number, width: number): string {
  return value.toString(36).padStart(width, '0');
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0').toUpperCase();
}

/** mulberry32: a tiny deterministic PRNG, so `makeToken` without a body is reproducible. */
function filler(seed: number): (charset: string, length: number) => string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (charset, length) =>
    Array.from({ length }, () => charset.charAt(Math.floor(next() * charset.length))).join('');
}

export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

const GITHUB_PREFIXES: Record<KindOf<'github'>, string> = {
  classic: 'ghp_',
  'fine-grained': 'github_pat_',
  oauth: 'gho_',
  'app-user': 'ghu_',
  'app-installation': 'ghs_',
  'app-refresh': 'ghr_',
  legacy: '',
};

export const GITLAB_PREFIXES: Record<KindOf<'gitlab'>, string> = {
  personal: 'glpat-',
  'oauth-secret': 'gloas-',
  deploy: 'gldt-',
  runner: 'glrt-',
  'ci-job': 'glcbt-',
  trigger: 'glptt-',
  feed: 'glft-',
  'incoming-mail': 'glimt-',
  agent: 'glagent-',
  workspace: 'glwt-',
  scim: 'glsoat-',
  'feature-flags': 'glffct-',
};

/** Builds a token of `kind` on `forge`; checksummed forms always carry a valid checksum. */
export function makeToken<F extends ForgeId>(
  forge: F,
  kind: KindOf<F>,
  overrides: MakeTokenOverrides = {},
): string {
  const fill = filler(overrides.seed ?? 1);
  if (isKindOf('github', kind)) return makeGitHub(kind, overrides, fill);
  if (isKindOf('gitlab', kind)) return makeGitLab(kind, overrides, fill);
  if (isKindOf('bitbucket', kind)) return makeBitbucket(kind, overrides, fill);
  throw new Error(`no ${forge} token kind ${kind}`);
}

/** Kind names are unique across forges, so the kind alone tells the forge. */
function isKindOf<F extends ForgeId>(forge: F, kind: string): kind is KindOf<F> {
  const kinds: readonly string[] = TOKEN_KINDS[forge];
  return kinds.includes(kind);
}

type Fill = ReturnType<typeof filler>;

function makeGitHub(kind: KindOf<'github'>, o: MakeTokenOverrides, fill: Fill): string {
  const prefix = GITHUB_PREFIXES[kind];
  if (kind === 'legacy') return o.body ?? fill(HEX_LOWER, 40);
  if (kind === 'fine-grained') return prefix + (o.body ?? `11${fill(ALNUM, 20)}_${fill(ALNUM, 59)}`);
  if (o.variant === 'stateless') {
    const jwt = [fill(BASE64URL, 36), fill(BASE64URL, 300), fill(BASE64URL, 170)].join('.');
    return prefix + (o.body ?? `${fill(DIGITS, 7)}_${jwt}`);
  }
  if (o.variant === 'long') return prefix + (o.body ?? fill(ALNUM, 76));
  const body = o.body ?? fill(ALNUM, 30);
  return prefix + body + base62(referenceCrc32(body));
}

function makeGitLab(kind: KindOf<'gitlab'>, o: MakeTokenOverrides, fill: Fill): string {
  const prefix = o.prefix ?? GITLAB_PREFIXES[kind];
  const variant = o.variant ?? (kind === 'personal' ? 'routable-v01' : 'legacy');
  if (variant === 'routable' || variant === 'routable-v01') {
    const payload =
      o.body ?? base64url(new TextEncoder().encode(`o:${fill(DIGITS, 3)}\n${fill(ALNUM, 16)}\u0010`));
    const version = variant === 'routable-v01' ? '.01' : '';
    const checksummed = `${prefix}${payload}${version}.${base36(payload.length, 2)}`;
    return checksummed + base36(referenceCrc32(checksummed), 7);
  }
  if (kind === 'trigger') return prefix + (o.body ?? fill(HEX_LOWER, 40));
  if (kind === 'oauth-secret') return prefix + (o.body ?? fill(ALNUM, 64));
  if (kind === 'agent') return prefix + (o.body ?? fill(ALNUM, 50));
  return prefix + (o.body ?? fill(BASE64URL, 20));
}

function makeBitbucket(kind: KindOf<'bitbucket'>, o: MakeTokenOverrides, fill: Fill): string {
  if (kind === 'app_password') {
    const head = `ATBB${o.body ?? fill(ALNUM, 24)}`;
    return head + hex8(referenceCrc32(head));
  }
  // Observed tokens start ATATT3xFfGF0 / ATCTT3xFfGN0 and are 192 characters (§3.2).
  const prefix = kind === 'api_token' ? 'ATATT3' : 'ATCTT3';
  const anchor = kind === 'api_token' ? 'xFfGF0' : 'xFfGN0';
  const head = `${prefix}${o.body ?? anchor + fill(BASE64URL, 171)}=`;
  return head + hex8(referenceCrc32(head));
}

/** A generated token and what a mutation test needs to know about its format. */
export interface TokenCase {
  forge: ForgeId;
  kind: TokenKind;
  variant: TokenVariant | null;
  token: string;
  /** Every character the format may hold anywhere: mutations draw from it. */
  charset: string;
  /**
   * Leading characters a checksum does not cover. GitHub's CRC skips the prefix (§1.1), so `ghp_`
   * → `gho_` keeps it valid; GitLab and Atlassian CRCs cover the prefix.
   */
  uncoveredPrefix: number;
}

const alnumString = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: length, maxLength: length });

const GITHUB_CHECKSUMMED: readonly KindOf<'github'>[] = [
  'classic',
  'oauth',
  'app-user',
  'app-installation',
  'app-refresh',
];

const githubCases = GITHUB_CHECKSUMMED.map((kind) =>
  alnumString(30).map(
    (body): TokenCase => ({
      forge: 'github',
      kind,
      variant: 'classic',
      token: makeToken('github', kind, { body }),
      charset: ALNUM,
      uncoveredPrefix: 4,
    }),
  ),
);

/** Routable payloads: routing keys + 16 random bytes + their count, 27 to 300 base64url characters. */
const routablePayload = fc.uint8Array({ minLength: 20, maxLength: 200 }).map(base64url);

const routableCases = (kinds: readonly KindOf<'gitlab'>[]): fc.Arbitrary<TokenCase>[] =>
  kinds.flatMap((kind) =>
    (['routable', 'routable-v01'] as const).map((variant) =>
      routablePayload.map(
        (body): TokenCase => ({
          forge: 'gitlab',
          kind,
          variant,
          token: makeToken('gitlab', kind, { body, variant }),
          charset: `${BASE64URL}.`,
          uncoveredPrefix: 0,
        }),
      ),
    ),
  );

const atlassianBody = (anchor: string): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(...BASE64URL), minLength: 171, maxLength: 171 })
    .map((rest) => anchor + rest);

const bitbucketCases = [
  atlassianBody('xFfGF0').map(
    (body): TokenCase => ({
      forge: 'bitbucket',
      kind: 'api_token',
      variant: null,
      token: makeToken('bitbucket', 'api_token', { body }),
      charset: `${BASE64URL}=`,
      uncoveredPrefix: 0,
    }),
  ),
  atlassianBody('xFfGN0').map(
    (body): TokenCase => ({
      forge: 'bitbucket',
      kind: 'access_token',
      variant: null,
      token: makeToken('bitbucket', 'access_token', { body }),
      charset: `${BASE64URL}=`,
      uncoveredPrefix: 0,
    }),
  ),
  alnumString(24).map(
    (body): TokenCase => ({
      forge: 'bitbucket',
      kind: 'app_password',
      variant: null,
      token: makeToken('bitbucket', 'app_password', { body }),
      charset: ALNUM,
      uncoveredPrefix: 0,
    }),
  ),
];

/** Every checksummed format of forges.md (§1.1, §2.1, §3.2), with a valid checksum. */
export const checksummedTokenArb: fc.Arbitrary<TokenCase> = fc.oneof(
  ...githubCases,
  ...routableCases(['personal']),
  ...bitbucketCases,
);

/**
 * GitLab kinds other than PATs in routable form (one generator makes them all, §2.1). They are
 * unsupported whatever their shape, so their non-routable check is loose: a mutation that removes
 * the routable tail leaves a token that is still rejected, as unsupported rather than malformed.
 */
export const otherRoutableTokenArb: fc.Arbitrary<TokenCase> = fc.oneof(
  ...routableCases(TOKEN_KINDS.gitlab.filter((kind) => kind !== 'personal')),
);

export type MutatedTokenCase = TokenCase & { original: string; position: number };

/** A token from `base` with one character replaced by another from the format's charset. */
export function mutated(base: fc.Arbitrary<TokenCase>): fc.Arbitrary<MutatedTokenCase> {
  return base.chain((tokenCase) =>
    fc
      .record({
        position: fc.integer({ min: tokenCase.uncoveredPrefix, max: tokenCase.token.length - 1 }),
        pick: fc.nat({ max: tokenCase.charset.length - 2 }),
      })
      .map(({ position, pick }) => {
        const others = [...tokenCase.charset].filter((c) => c !== tokenCase.token[position]);
        const replacement = others[pick % others.length] ?? '';
        const token = tokenCase.token.slice(0, position) + replacement + tokenCase.token.slice(position + 1);
        return { ...tokenCase, original: tokenCase.token, token, position };
      }),
  );
}

/** A checksummed token with one character substituted. */
export const mutatedTokenArb: fc.Arbitrary<MutatedTokenCase> = mutated(checksummedTokenArb);
