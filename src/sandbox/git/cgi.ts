import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { runGit } from './git-exec.js';

/**
 * Runs `git http-backend` as a CGI program (RFC 3875): the request body streams into its stdin,
 * its stdout is `Status:`/headers, a blank line, then the body, streamed back out.
 */

/** `<git --exec-path>/git-http-backend`, looked up once per home. */
export async function httpBackendPath(home: string): Promise<string> {
  const { stdout } = await runGit(null, home, ['--exec-path']);
  return join(stdout.toString('utf8').trim(), 'git-http-backend');
}

interface CgiHead {
  status: number;
  headers: [string, string][];
}

function parseHead(text: string): CgiHead {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers };
}

/** Where the CGI head ends: after the first blank line (`\r\n\r\n` or `\n\n`). */
function headEnd(buffer: Buffer): { at: number; skip: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, skip: 4 };
  return lf >= 0 ? { at: lf, skip: 2 } : null;
}

/**
 * Runs the backend for one request and answers it on `response`. Resolves with the status sent
 * once the backend has exited and the response ended.
 */
export function runCgi(
  backend: string,
  env: Record<string, string>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(backend, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let head: Buffer = Buffer.alloc(0);
    let status = 500;
    let started = false;
    child.stderr.resume();
    child.stdin.on('error', () => {});
    const fail = () => {
      if (!started && !response.headersSent) {
        response.writeHead(500, { 'content-type': 'text/plain' });
      }
      response.end();
    };
    child.on('error', fail);
    child.stdout.on('data', (chunk: Buffer) => {
      if (started) {
        if (!response.write(chunk)) {
          child.stdout.pause();
          response.once('drain', () => child.stdout.resume());
        }
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = headEnd(head);
      if (!end) return;
      const parsed = parseHead(head.subarray(0, end.at).toString('latin1'));
      status = parsed.status;
      started = true;
      response.statusCode = parsed.status;
      for (const [name, value] of parsed.headers) response.setHeader(name, value);
      const rest = head.subarray(end.at + end.skip);
      if (rest.length > 0) response.write(rest);
    });
    child.on('close', () => {
      if (!started) fail();
      else response.end();
      resolve(started ? status : 500);
    });
    response.on('close', () => {
      if (child.exitCode === null) child.kill();
    });
    if (request.method === 'POST') request.pipe(child.stdin);
    else child.stdin.end();
  });
}
