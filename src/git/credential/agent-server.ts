import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Vault } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/index.js';
import { askAgent, NO_AGENT } from './agent-client.js';
import { createCredentialService } from './credential-service.js';
import { GIT_ACTOR } from './local-answer.js';
import { asCredentialQuery } from './wire.js';

const MAX_REQUEST_BYTES = 128 * 1024;
/** A client that connects and says nothing is dropped after this. */
const IDLE_MS = 10_000;
/** The re-check of a token git rejected runs after the answer, for at most this long. */
const RECHECK_MS = 30_000;

export interface AgentStatus {
  pid: number;
  socketPath: string;
  dataDir: string;
  startedAt: string;
  answered: number;
}

export interface RunningAgent {
  readonly socketPath: string;
  /** Resolves when the agent has stopped (a `stop` request, or `close()`). */
  readonly stopped: Promise<void>;
  close(): Promise<void>;
}

/**
 * The local agent (like ssh-agent): keeps the vault open and answers the git helper over a Unix
 * socket, so a `git push` costs the helper a socket round trip instead of opening SQLite and the
 * master key. Every request reads the vault afresh (tokens added or removed are seen at once).
 * Node cannot read a Unix socket's peer credentials, so access rests on the file system: the
 * socket is 0600 in a 0700 directory owned by this user (checked at start).
 */
export async function startAgent(options: {
  vault: Vault;
  socketPath: string;
  dataDir: string;
}): Promise<Result<RunningAgent, FkError>> {
  const { vault, socketPath } = options;
  const place = prepareDirectory(dirname(socketPath));
  if (!place.ok) return place;
  const existing = await askAgent(socketPath, { control: 'status' }, 2_000);
  if (existing !== NO_AGENT && !('error' in existing)) {
    return err(
      fkError('conflict', {
        message: `An agent already listens on ${socketPath}.`,
        remediation: 'Stop it first (forgekeeper agent stop).',
      }),
    );
  }
  try {
    unlinkSync(socketPath);
  } catch {
    // No stale socket.
  }
  const service = createCredentialService(vault);
  const status: AgentStatus = {
    pid: process.pid,
    socketPath,
    dataDir: options.dataDir,
    startedAt: new Date().toISOString(),
    answered: 0,
  };
  const background = new Set<Promise<void>>();
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });

  const handle = async (line: string, socket: Socket) => {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return reply(socket, { error: 'not JSON' });
    }
    const control = (message as { control?: unknown }).control;
    if (control === 'status') return reply(socket, { status });
    if (control === 'stop') {
      reply(socket, { stopping: true });
      return void close();
    }
    const query = asCredentialQuery((message as { query?: unknown }).query);
    if (query === null) return reply(socket, { error: 'not a credential query' });
    const outcome = await service.answer(query, LOCAL_OWNER_ID, GIT_ACTOR);
    status.answered += 1;
    if (!outcome.ok) return reply(socket, { error: outcome.error.message });
    reply(socket, { reply: outcome.value.reply, note: outcome.value.note });
    const followUp = outcome.value.followUp;
    if (followUp !== null) {
      const job = followUp(AbortSignal.timeout(RECHECK_MS))
        .catch(() => undefined)
        .finally(() => background.delete(job));
      background.add(job);
    }
  };

  const server: Server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) return socket.destroy();
      const end = buffer.indexOf('\n');
      if (end === -1) return;
      const line = buffer.slice(0, end);
      buffer = '';
      socket.removeAllListeners('data');
      handle(line, socket).catch(() => reply(socket, { error: 'internal error in the agent' }));
    });
  });

  // The socket is created 0600 (umask), so there is no moment at which others may connect.
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } catch (error) {
    return err(
      fkError('store_unavailable', {
        message: `Cannot listen on ${socketPath} (${(error as NodeJS.ErrnoException).code}).`,
      }),
    );
  } finally {
    process.umask(previous);
  }
  chmodSync(socketPath, 0o600);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...background]);
      try {
        unlinkSync(socketPath);
      } catch {
        // Already gone.
      }
      stop();
    })();
    return closing;
  };
  return ok({ socketPath, stopped, close });
}

function reply(socket: Socket, value: object): void {
  if (!socket.destroyed) socket.end(`${JSON.stringify(value)}\n`);
}

/** A 0700 directory owned by this user, created when missing. */
function prepareDirectory(dir: string): Result<void, FkError> {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    const uid = typeof process.getuid === 'function' ? process.getuid() : stat.uid;
    if (!stat.isDirectory() || stat.uid !== uid) {
      return err(
        fkError('invalid_input', {
          message: `${dir} is not a directory of this user; the agent will not listen there.`,
        }),
      );
    }
    if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return ok(undefined);
  } catch (error) {
    return err(
      fkError('store_unavailable', {
        message: `Cannot prepare ${dir} for the agent's socket (${(error as NodeJS.ErrnoException).code}).`,
      }),
    );
  }
}
