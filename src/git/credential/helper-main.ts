import { read, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { askAgent, NO_AGENT } from './agent-client.js';
import { agentSocketPath } from './agent-paths.js';
import {
  type CredentialAnswer,
  type CredentialDescription,
  formatAnswer,
  MAX_INPUT_BYTES,
  parseCredential,
  STATE_PREFIX,
  tokenIdFromState,
} from './protocol.js';
import { askServer } from './remote-client.js';
import { dataDirOf, readUserConfig } from './user-config.js';
import type { CredentialAction, CredentialQuery, CredentialReply } from './wire.js';

/**
 * `git-credential-forgekeeper get|store|erase` (gitcredentials(7), forges.md §7). It never prompts
 * and never blocks: every wait has a deadline; any problem is one line on stderr, and the helper
 * then prints nothing and exits 0, so git asks its next helper. This path is kept tiny (Node
 * built-ins and the modules beside it): the agent or the server does the work; only without an
 * agent is the vault loaded, from the CLI's bundle.
 */
const STDIN_TIMEOUT_MS = 5_000;
const AGENT_TIMEOUT_MS = 5_000;
const SERVER_TIMEOUT_MS = 15_000;
/** The whole run, whatever happens (a forge inspecting a stored token is the slow case). */
const WATCHDOG_MS = 30_000;

/** Loads the in-process answerer (the vault) from the CLI bundle beside this one. */
export type LocalAnswerer = (query: CredentialQuery, dataDir: string) => Promise<LocalOutcome>;
export type LocalOutcome =
  | { ok: true; reply: CredentialReply | null; note: string | null }
  | { ok: false; message: string };

export async function runHelper(
  argv: readonly string[],
  loadLocal: () => Promise<LocalAnswerer>,
): Promise<void> {
  const watchdog = setTimeout(() => {
    warn('gave up after 30 s');
    process.exit(0);
  }, WATCHDOG_MS);
  watchdog.unref();
  try {
    await helper(argv, loadLocal);
  } catch (error) {
    warn(`internal error (${error instanceof Error ? error.message.split('\n')[0] : 'unknown'})`);
  }
  // Exit once stdout is flushed, even if a read of stdin is still pending on the thread pool.
  if (pendingOutput) process.stdout.write('', () => process.stderr.write('', () => process.exit(0)));
  else process.exit(0);
}

async function helper(argv: readonly string[], loadLocal: () => Promise<LocalAnswerer>): Promise<void> {
  const action = actionOf(argv[0]);
  // git may grow actions; an unknown one is not for us (gitcredentials: ignore it).
  if (action === null) return;
  const input = await readInput();
  if (typeof input !== 'string') return warn(input.error);
  const parsed = parseCredential(input);
  if (!parsed.ok) return warn(`ignored git's request: ${parsed.message}`);
  const query = queryOf(action, parsed.value);
  if (query === null) return;
  const config = readUserConfig(process.env);
  if (!config.ok) return warn(config.message);
  const server = config.config.server;
  if (server !== null) {
    const remote = await askServer(server, query, SERVER_TIMEOUT_MS);
    if (!remote.ok) return warn(remote.message);
    return answer(parsed.value, remote.reply);
  }
  const dataDir = dataDirOf(process.env, config.config);
  const agent = await askAgent(agentSocketPath(process.env, dataDir), { query }, AGENT_TIMEOUT_MS);
  if (agent !== NO_AGENT && !('error' in agent)) {
    if (typeof agent.note === 'string') warn(agent.note);
    return answer(parsed.value, agent.reply ?? null);
  }
  if (agent !== NO_AGENT) warn(`${agent.error}; opening the vault directly`);
  const local = await (await loadLocal())(query, dataDir);
  if (!local.ok) return warn(local.message);
  if (local.note !== null) warn(local.note);
  return answer(parsed.value, local.reply);
}

function actionOf(word: string | undefined): CredentialAction | null {
  return word === 'get' || word === 'store' || word === 'erase' ? word : null;
}

/** Only protocol and host are required; git sends both for every http(s) remote. */
function queryOf(action: CredentialAction, d: CredentialDescription): CredentialQuery | null {
  if (d.protocol === null || d.host === null || d.protocol === '' || d.host === '') return null;
  const query: CredentialQuery = { action, protocol: d.protocol, host: d.host };
  if (d.path !== null) query.path = d.path;
  if (d.username !== null && d.username !== '') query.username = d.username;
  if (action !== 'get') {
    // store/erase are about a credential; without one there is nothing to keep or mark.
    if (d.password === null || d.password === '') return null;
    query.password = d.password;
    const hinted = tokenIdFromState(d.state);
    if (hinted !== null) query.tokenId = hinted;
  }
  return query;
}

function answer(request: CredentialDescription, reply: CredentialReply | null): void {
  if (reply === null) return;
  const expiry = reply.expiresAt === null ? Number.NaN : Math.floor(Date.parse(reply.expiresAt) / 1000);
  // Never hand git a token past its expiry (the answerer checked too; clocks may differ).
  if (Number.isFinite(expiry) && expiry * 1000 <= Date.now()) return;
  const text: CredentialAnswer = {
    username: reply.username,
    password: reply.password,
    passwordExpiryUtc: Number.isFinite(expiry) ? expiry : null,
    state: `${STATE_PREFIX}${reply.tokenId}`,
  };
  const formatted = formatAnswer(request, text);
  if (formatted === null) warn('the stored credential cannot be written in git’s format');
  else writeOut(formatted);
}

/**
 * stdin up to EOF or a blank line, at most 64 KiB, within a deadline. Read from fd 0 with `fs.read`
 * rather than `process.stdin`: for a pipe, the stream would build a net.Socket, which costs start-up
 * time; a read pending on the thread pool does not keep the helper from exiting at its deadline.
 */
function readInput(): Promise<string | { error: string }> {
  return new Promise((resolve) => {
    const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let size = 0;
    let done = false;
    const finish = (value: string | { error: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => finish({ error: 'git sent no request within 5 s' }), STDIN_TIMEOUT_MS);
    timer.unref();
    const next = () => {
      read(0, buffer, size, buffer.length - size, null, (error, n) => {
        if (done) return;
        if (error !== null) {
          // A non-blocking pipe with nothing yet: try again shortly (the deadline still holds).
          if (error.code === 'EAGAIN') return void setTimeout(next, 5).unref();
          return finish(error.code === 'EOF' ? text() : { error: 'cannot read the request from git' });
        }
        if (n === 0) return finish(text());
        size += n;
        if (size > MAX_INPUT_BYTES)
          return finish({ error: 'ignored git’s request: it is larger than 64 KiB' });
        // A blank line ends the request: git closes stdin after it, but a wrapper might not.
        if (/(^|\n)\r?\n/.test(text())) return finish(text());
        next();
      });
    };
    const text = () => buffer.subarray(0, size).toString('utf8');
    next();
  });
}

/** Set when output had to go through a stream (a non-blocking pipe): exit waits for it. */
let pendingOutput = false;

/**
 * Output written straight to fd 1 or 2: building process.stdout/stderr for a pipe costs start-up
 * time, and a synchronous write is complete when it returns. A non-blocking pipe falls back to the
 * stream.
 */
function writeOut(text: string, fd: 1 | 2 = 1): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } catch {
    pendingOutput = true;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(offset));
  }
}

function warn(message: string): void {
  writeOut(`forgekeeper: ${message.replace(/[\r\n]+/g, ' ')}\n`, 2);
}

/** The bundle's entry: the in-process answerer is `git-local.js` beside this file in dist/. */
export function localFrom(dir: string): () => Promise<LocalAnswerer> {
  return async () => {
    const module = (await import(pathToFileURL(join(dir, 'git-local.js')).href)) as {
      answerLocally: LocalAnswerer;
    };
    return module.answerLocally;
  };
}
