import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gitEnv } from '../../run-git.js';

/**
 * A throwaway git server for push tests: `git http-backend` over HTTP with Basic authentication by
 * one password, and one read-only password whose pushes get 403, as GitHub answers a token without
 * write access (forges.md §1.4). Test support only; the sandbox's git hosting is the real imitation.
 */
export interface LocalGitServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export interface LocalGitServerOptions {
  /** Directory holding bare repositories (`<root>/<owner>/<name>.git`). */
  root: string;
  password: string;
  readOnlyPassword: string;
}

export async function startLocalGitServer(options: LocalGitServerOptions): Promise<LocalGitServer> {
  const execPath = spawnSync('git', ['--exec-path'], { encoding: 'utf8' }).stdout.trim();
  const backend = join(execPath, 'git-http-backend');
  const server = createServer((request, response) => handle(request, response, backend, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function handle(
  request: IncomingMessage,
  response: ServerResponse,
  backend: string,
  options: LocalGitServerOptions,
): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const password = basicPassword(request.headers.authorization);
  const writing =
    url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
  if (password !== options.password && password !== options.readOnlyPassword) {
    response.writeHead(401, { 'www-authenticate': 'Basic realm="git"', 'content-type': 'text/plain' });
    response.end('Invalid username or token.');
    return;
  }
  if (writing && password === options.readOnlyPassword) {
    response.writeHead(403, { 'content-type': 'text/plain' });
    response.end('Permission denied');
    return;
  }
  const child = spawn(backend, [], {
    env: gitEnv({
      GIT_PROJECT_ROOT: options.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: url.pathname,
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: request.method ?? 'GET',
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_USER: 'tester',
      REMOTE_ADDR: '127.0.0.1',
      GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
      HTTP_CONTENT_ENCODING: String(request.headers['content-encoding'] ?? ''),
    }),
  });
  request.pipe(child.stdin);
  pipeCgi(child.stdout, response);
}

/** Parses the CGI header block, then streams the body. */
function pipeCgi(stdout: NodeJS.ReadableStream, response: ServerResponse): void {
  let head = Buffer.alloc(0);
  let headersDone = false;
  stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const at = line.indexOf(':');
      const name = line.slice(0, at).trim().toLowerCase();
      const value = line.slice(at + 1).trim();
      if (name === 'status') status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.writeHead(status);
    response.write(head.subarray(end + 4));
  });
  stdout.on('end', () => response.end());
}

function basicPassword(header: string | undefined): string | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(colon + 1);
}
