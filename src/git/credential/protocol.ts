/**
 * git's credential-helper wire format (forges.md §7, git-credential(1)): one `key=value` per line,
 * ended by a blank line or EOF; keys ending in `[]` are lists (`key[]=` clears the list);
 * unknown attributes are ignored. This module has no imports: it is bundled into the helper's tiny
 * start-up path.
 */

/** Input larger than this is refused: git's own descriptions are a few hundred bytes. */
export const MAX_INPUT_BYTES = 64 * 1024;

/** What git described, as far as Forgekeeper reads it. */
export interface CredentialDescription {
  protocol: string | null;
  /** The host with its port when git gave one (`example.com:8088`). */
  host: string | null;
  /** The repository path, without a leading slash; null unless `credential.useHttpPath` (or non-HTTP). */
  path: string | null;
  username: string | null;
  password: string | null;
  /** Unix seconds (git ≥ 2.40). */
  passwordExpiryUtc: number | null;
  /** `capability[]` values git announced (git ≥ 2.46: `authtype`, `state`). */
  capabilities: string[];
  /** `state[]` values handed back by git (git ≥ 2.46); ours start with `forgekeeper:`. */
  state: string[];
  /** `wwwauth[]`: the WWW-Authenticate headers of the failed request, in order. */
  wwwauth: string[];
}

export type ParseOutcome = { ok: true; value: CredentialDescription } | { ok: false; message: string };

/** Parses what git wrote on the helper's stdin. */
export function parseCredential(input: string): ParseOutcome {
  const result: CredentialDescription = {
    protocol: null,
    host: null,
    path: null,
    username: null,
    password: null,
    passwordExpiryUtc: null,
    capabilities: [],
    state: [],
    wwwauth: [],
  };
  if (input.length > MAX_INPUT_BYTES) return fail('the input is larger than 64 KiB');
  if (input.includes('\0')) return fail('the input contains a NUL byte');
  // `url=` is expanded where it appears: later attributes override its parts, as git does.
  for (const raw of input.split('\n')) {
    // git for Windows and some wrappers send CRLF; a value never ends in CR on purpose.
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') break;
    const eq = line.indexOf('=');
    if (eq <= 0) return fail('a line is not key=value');
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    const problem = apply(result, key, value);
    if (problem !== null) return fail(problem);
  }
  return { ok: true, value: result };
}

function apply(into: CredentialDescription, key: string, value: string): string | null {
  switch (key) {
    case 'protocol':
      into.protocol = value;
      return null;
    case 'host':
      into.host = value;
      return null;
    case 'path':
      into.path = value;
      return null;
    case 'username':
      into.username = value;
      return null;
    case 'password':
      into.password = value;
      return null;
    case 'password_expiry_utc': {
      const seconds = Number(value);
      into.passwordExpiryUtc = /^\d+$/.test(value) && Number.isSafeInteger(seconds) ? seconds : null;
      return null;
    }
    case 'url':
      return applyUrl(into, value);
    case 'capability[]':
      pushOrClear(into.capabilities, value);
      return null;
    case 'state[]':
      pushOrClear(into.state, value);
      return null;
    case 'wwwauth[]':
      pushOrClear(into.wwwauth, value);
      return null;
    default:
      // Unknown attributes (oauth_refresh_token, authtype, credential, ephemeral, continue, …) are dropped.
      return null;
  }
}

function pushOrClear(list: string[], value: string): void {
  if (value === '') list.length = 0;
  else list.push(value);
}

/** `url=https://user@host:port/path` split into its parts, as git's credential_from_url does. */
function applyUrl(into: CredentialDescription, value: string): string | null {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(value);
  if (match === null) return 'the url attribute is not a URL';
  const [, scheme = '', authority = '', rest = ''] = match;
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? null : authority.slice(0, at);
  into.protocol = scheme.toLowerCase();
  into.host = decode(at === -1 ? authority : authority.slice(at + 1));
  into.username = null;
  into.password = null;
  if (userinfo !== null) {
    const colon = userinfo.indexOf(':');
    into.username = decode(colon === -1 ? userinfo : userinfo.slice(0, colon));
    if (colon !== -1) into.password = decode(userinfo.slice(colon + 1));
  }
  const path = decode(rest.replace(/^\/+/, ''));
  into.path = path === '' ? null : path;
  return null;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function fail(message: string): ParseOutcome {
  return { ok: false, message };
}

/** What the helper answers to `get`. */
export interface CredentialAnswer {
  username: string;
  password: string;
  /** Unix seconds; omitted when the token does not expire or its expiry is unknown. */
  passwordExpiryUtc: number | null;
  /** A `state[]` value to hand back, sent only when git announced `capability[]=state`. */
  state: string | null;
}

/**
 * The answer in wire format. A value with a newline (or a NUL) cannot be written safely: null then,
 * and the helper answers nothing rather than a truncated credential.
 */
export function formatAnswer(request: CredentialDescription, answer: CredentialAnswer): string | null {
  const lines: string[] = [];
  const wantsState = request.capabilities.includes('state') && answer.state !== null;
  // Capabilities come first, before the values that depend on them (forges.md §7, git 2.46).
  if (wantsState) lines.push('capability[]=state');
  if (request.protocol !== null) lines.push(`protocol=${request.protocol}`);
  if (request.host !== null) lines.push(`host=${request.host}`);
  if (request.path !== null) lines.push(`path=${request.path}`);
  lines.push(`username=${answer.username}`, `password=${answer.password}`);
  if (answer.passwordExpiryUtc !== null) lines.push(`password_expiry_utc=${answer.passwordExpiryUtc}`);
  if (wantsState) lines.push(`state[]=${answer.state}`);
  if (lines.some((line) => /[\n\r\0]/.test(line))) return null;
  return `${lines.join('\n')}\n`;
}

/** Prefix of the `state[]` values this helper writes (git asks helpers to prefix theirs). */
export const STATE_PREFIX = 'forgekeeper:token=';

/** The vault token id a `state[]` value of ours names, if any. */
export function tokenIdFromState(state: readonly string[]): string | null {
  for (const value of state) {
    if (value.startsWith(STATE_PREFIX)) {
      const id = value.slice(STATE_PREFIX.length);
      if (/^[A-Za-z0-9-]{1,64}$/.test(id)) return id;
    }
  }
  return null;
}
