import { spawn } from 'node:child_process';
import { devNull } from 'node:os';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Secret } from '../domain/secret.js';

/** What a finished git process said; `stderr` is already scrubbed of the secrets given to `runGit`. */
export interface GitOutput {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

export interface RunGitOptions {
  cwd?: string;
  /** Variables on top of the clean environment (see `gitEnv`). */
  env?: Record<string, string>;
  /** Written to stdin, then stdin is closed; without it stdin is closed at once. */
  input?: string | Uint8Array;
  signal?: AbortSignal;
  /** Secrets to scrub from stderr (and from what `redactText` is given later). */
  redact?: readonly Secret[];
  /** Receives stdout as it comes instead of buffering it (`cat-file --batch` of many blobs). */
  onStdout?: (chunk: Buffer) => void;
}

/** Runs git with an argument array (never a shell); resolves with any exit code, errs only when git cannot run. */
export type GitRunner = (
  args: readonly string[],
  options?: RunGitOptions,
) => Promise<Result<GitOutput, FkError>>;

/**
 * Variables passed through from our environment: where programs are, where temporary files go, and
 * how to reach the network (proxies, CA bundles). Nothing else: an inherited `GIT_DIR`,
 * `GIT_CONFIG_*`, `NODE_OPTIONS` or askpass program must not steer git or the credential helper.
 */
const PASSED_THROUGH = [
  'PATH',
  'SYSTEMROOT',
  'TMPDIR',
  'TEMP',
  'TMP',
  'HOME',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
  'GIT_EXEC_PATH',
];

/**
 * The environment every git run gets: no system or global configuration (the repository's own
 * config still applies), no prompt of any kind (terminal, askpass, Git Credential Manager), and
 * English messages so failures can be recognised. `extra` comes last.
 */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: '0',
    // Empty, not unset: git then skips core.askPass and SSH_ASKPASS too (prompt.c).
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GCM_INTERACTIVE: 'never',
    LC_ALL: 'C',
    LANGUAGE: 'C',
    ...extra,
  };
}

/** Replaces every occurrence of each secret (as is and percent-encoded) with its mask. */
export function redactText(text: string, secrets: readonly Secret[] = []): string {
  let out = text;
  for (const secret of secrets) {
    const plain = secret.reveal();
    if (plain.length === 0) continue;
    out = out.replaceAll(plain, secret.mask());
    const encoded = encodeURIComponent(plain);
    if (encoded !== plain) out = out.replaceAll(encoded, secret.mask());
  }
  return out;
}

/** The system `git`, run with `gitEnv` and the options' extra variables. */
export const runGit: GitRunner = (args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn('git', [...args], {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
    });
    const out: Buffer[] = [];
    const errors: Buffer[] = [];
    let settled = false;
    const settle = (result: Result<GitOutput, FkError>): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    child.stdout.on('data', (chunk: Buffer) =>
      options.onStdout ? options.onStdout(chunk) : out.push(chunk),
    );
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => settle(err(spawnError(error))));
    // git may exit before reading all of stdin (a failing `cat-file`); that is its answer, not ours.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input);
    child.on('close', (code) => {
      const stderr = redactText(Buffer.concat(errors).toString('utf8'), options.redact);
      settle(ok({ exitCode: code ?? -1, stdout: Buffer.concat(out), stderr }));
    });
  });

function spawnError(error: NodeJS.ErrnoException): FkError {
  if (error.name === 'AbortError') {
    return fkError('git_failed', { message: 'git was cancelled.', details: { cancelled: true } });
  }
  const missing = error.code === 'ENOENT';
  return fkError('git_failed', {
    message: missing
      ? 'git is not installed or not on the PATH.'
      : `git could not be started (${error.code ?? error.name}).`,
    details: { gitMessage: error.message },
  });
}
