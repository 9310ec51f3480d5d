import { connect } from 'node:net';
import type { AgentAnswer } from './wire.js';

/** No agent there (no socket, nobody listening): the caller opens the vault itself. */
export const NO_AGENT = 'no-agent';

const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * One request to the agent: a JSON line out, a JSON line back. Never waits long: `timeoutMs`
 * bounds the whole exchange, and a socket nobody listens on answers `NO_AGENT` at once.
 */
export function askAgent(
  socketPath: string,
  request: object,
  timeoutMs: number,
): Promise<AgentAnswer | typeof NO_AGENT | { error: string }> {
  return new Promise((resolve) => {
    let settled = false;
    let buffer = '';
    const socket = connect(socketPath);
    const finish = (value: AgentAnswer | typeof NO_AGENT | { error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish({ error: 'the agent did not answer in time' }), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_ANSWER_BYTES) return finish({ error: 'the agent answered too much' });
      const end = buffer.indexOf('\n');
      if (end === -1) return;
      try {
        finish(JSON.parse(buffer.slice(0, end)) as AgentAnswer);
      } catch {
        finish({ error: 'the agent answered something that is not JSON' });
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const gone = error.code === 'ENOENT' || error.code === 'ECONNREFUSED' || error.code === 'ENOTSOCK';
      finish(gone ? NO_AGENT : { error: `cannot reach the agent (${error.code ?? 'error'})` });
    });
    socket.on('end', () => finish({ error: 'the agent closed the connection' }));
  });
}
