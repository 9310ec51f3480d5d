import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Secret } from '../../domain/secret.js';
import {
  CREDENTIAL_HELPER_SOURCE,
  NONCE_ENV,
  NONCE_KEY,
  PRE_PUSH_HOOK_SOURCE,
  REF_KEY,
  SOCKET_ENV,
  VERDICT_KEY,
} from './credential-helper-source.js';

/** What git asked of the helper during one push; the push maps failures with it. */
export interface CredentialStats {
  /** Requests answered with the token. */
  answered: number;
  /** Requests refused: wrong nonce, another protocol or host (a redirect), or over the limit. */
  refused: number;
  /** `erase` calls: git says the forge rejected the credential it was given (forges.md §7). */
  rejected: number;
}

/** One line of what git tells the pre-push hook on stdin (githooks(5)). */
export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  /** The remote's commit for `remoteRef`; all zeros when it does not exist there. */
  remoteSha: string;
}

/** Whether the push may go on, given the refs git is about to update. */
export type PushVerdict = (refs: readonly PushedRef[]) => Promise<boolean>;

export interface CredentialServer {
  /** For git's environment: the socket path and the nonce. */
  env: Record<string, string>;
  /** `-c` arguments that make the helper git's only credential source, and our pre-push hook its only hook. */
  configArgs: string[];
  stats: CredentialStats;
  /** What the pre-push hook is told: push (true) or not. Until set, the hook is told not to push. */
  setVerdict(verdict: PushVerdict): void;
  close(): Promise<void>;
}

export interface CredentialServerOptions {
  /** A private (0700) directory of this push: the socket and the helper file go there. */
  dir: string;
  /** The remote: only its protocol and host get an answer. */
  url: URL;
  username: string;
  token: Secret;
  /** Answers given at most; git asks once per process that talks to the remote. */
  maxAnswers?: number;
}

const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Serves the token to the helper git runs, from memory only: the token never goes into a URL, an
 * argument, an environment variable or a file. The socket sits in a 0700 directory and each request
 * must carry the nonce, which only the git processes of this push have in their environment.
 */
export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const socketPath = join(options.dir, 'credential.sock');
  const helperPath = join(options.dir, 'credential-helper.sh');
  const hooksPath = join(options.dir, 'hooks');
  await writeFile(helperPath, CREDENTIAL_HELPER_SOURCE, { mode: 0o600 });
  await mkdir(hooksPath, { mode: 0o700 });
  await writeFile(join(hooksPath, 'pre-push'), PRE_PUSH_HOOK_SOURCE, { mode: 0o700 });
  let verdict: PushVerdict = async () => false;
  const nonce = randomBytes(32).toString('hex');
  const stats: CredentialStats = { answered: 0, refused: 0, rejected: 0 };
  const maxAnswers = options.maxAnswers ?? 4;
  const answer = (raw: string): string | Promise<string> => {
    const request = parseRequest(raw, nonce);
    if (request === null) {
      stats.refused++;
      return '';
    }
    if (request.attributes.get(VERDICT_KEY) === 'push') {
      // A verdict that fails is a refusal, never a push.
      return verdict(request.refs).then(
        (push) => (push ? 'password=allow\n' : ''),
        () => '',
      );
    }
    if (request.action === 'erase') stats.rejected++;
    if (request.action !== 'get') return '';
    if (!matchesRemote(request.attributes, options.url) || stats.answered >= maxAnswers) {
      stats.refused++;
      return '';
    }
    stats.answered++;
    return describe(request.attributes, options.username, options.token);
  };
  const server = createServer({ allowHalfOpen: true }, (socket) => serve(socket, answer));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    env: { [SOCKET_ENV]: socketPath, [NONCE_ENV]: nonce },
    configArgs: [
      // An empty value clears every helper configured before (the repository's own included).
      '-c',
      'credential.helper=',
      '-c',
      // `exec`: git runs the helper through `sh -c`, which need not stay to wait for it.
      `credential.helper=!exec sh ${shellQuote(helperPath)}`,
      '-c',
      'credential.interactive=never',
      '-c',
      'credential.useHttpPath=false',
      '-c',
      `core.hooksPath=${hooksPath}`,
    ],
    stats,
    setVerdict(next) {
      verdict = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function serve(socket: Socket, answer: (raw: string) => string | Promise<string>): void {
  const chunks: Buffer[] = [];
  let size = 0;
  socket.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) socket.destroy();
    else chunks.push(chunk);
  });
  socket.on('end', async () => {
    const reply = await answer(Buffer.concat(chunks).toString('utf8'));
    if (!socket.destroyed) socket.end(reply);
  });
  socket.on('error', () => {});
}

interface HelperRequest {
  action: string;
  attributes: Map<string, string>;
  /** The hook's `forgekeeper-ref=` lines. */
  refs: PushedRef[];
}

/**
 * The request as git's `credential-cache` client sends it (credential-cache.c): `action=` and
 * `timeout=` lines, then what the helper relayed — our nonce line and git's own request. Anything
 * without the right nonce is refused.
 */
function parseRequest(raw: string, nonce: string): HelperRequest | null {
  const attributes = new Map<string, string>();
  const refs: PushedRef[] = [];
  for (const line of raw.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    if (key === REF_KEY) {
      const [localRef = '', localSha = '', remoteRef = '', remoteSha = ''] = line.slice(at + 1).split(' ');
      refs.push({ localRef, localSha, remoteRef, remoteSha });
    } else if (!attributes.has(key)) attributes.set(key, line.slice(at + 1));
  }
  const expected = Buffer.from(nonce);
  const given = Buffer.from(attributes.get(NONCE_KEY) ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { action: attributes.get('action') ?? '', attributes, refs };
}

/** Only the remote's own protocol and host: a redirect to another host gets nothing. */
function matchesRemote(attributes: Map<string, string>, url: URL): boolean {
  const protocol = url.protocol.replace(/:$/, '');
  if (attributes.get('protocol') !== protocol) return false;
  const host = attributes.get('host');
  const defaultPort = protocol === 'https' ? '443' : '80';
  return host === url.host || host === `${url.hostname}:${defaultPort}`;
}

/** The answer in git's wire format (forges.md §7): one `key=value` per line. */
function describe(attributes: Map<string, string>, username: string, token: Secret): string {
  return [
    `protocol=${attributes.get('protocol') ?? ''}`,
    `host=${attributes.get('host') ?? ''}`,
    `username=${username}`,
    `password=${token.reveal()}`,
    '',
  ].join('\n');
}

/** Single quotes for `sh`, which runs `!` helpers. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
