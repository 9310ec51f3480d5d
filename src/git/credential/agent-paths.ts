import { join, resolve } from 'node:path';

/** Unix socket paths are limited to about 108 bytes; longer ones are moved to a short place. */
const MAX_SOCKET_PATH = 100;

/**
 * Where the agent of a data directory listens, like ssh-agent's socket: `$FORGEKEEPER_AGENT_SOCK`
 * when set; else `$XDG_RUNTIME_DIR/forgekeeper/agent-<hash>.sock` (a per-user tmpfs); else
 * `<dataDir>/agent/agent.sock`. The hash names the data directory, so two vaults get two agents.
 * The directory is 0700 and the socket 0600: only the user can connect.
 */
export function agentSocketPath(env: NodeJS.ProcessEnv, dataDir: string): string {
  const explicit = env.FORGEKEEPER_AGENT_SOCK;
  if (explicit !== undefined && explicit !== '') return explicit;
  const absolute = resolve(dataDir);
  const tag = fnv1a(absolute);
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && runtime !== '') return join(runtime, 'forgekeeper', `agent-${tag}.sock`);
  const beside = join(absolute, 'agent', 'agent.sock');
  if (beside.length <= MAX_SOCKET_PATH) return beside;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join('/tmp', `forgekeeper-${uid}`, `agent-${tag}.sock`);
}

/** 32-bit FNV-1a as 8 hex digits: a name, not a secret (node:crypto costs start-up time here). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
